/**
 * Strings of the surveys («Мои анкеты» and the form). Kept apart from messages/ru.ts so that they load
 * with those pages only (the home page's link «Мои анкеты» is `home.surveys` of messages/ru.ts).
 */
import { translate, type MessageParams } from "./ru.ts";

type Plural = { one: string; few: string; many: string };

const surveyMessages = {
  "surveys.title": "Мои анкеты",
  "surveys.empty": "Сейчас нет анкет для вас. Когда РУО или школа откроет опрос, бот пришлёт сообщение.",
  "surveys.until": "до {date}",
  "surveys.progress": "отвечено {answered} из {total}",
  "surveys.notStarted": "ещё не начата",
  "surveys.completed": "отправлена — ответы можно изменить до {date}",

  "form.required": "* — обязательный вопрос",
  "form.requiredMark": "обязательный вопрос",
  "form.optional": "необязательный",
  "form.unsure": "Затрудняюсь ответить",
  "form.yes": "Да",
  "form.no": "Нет",
  "form.clear": "Очистить ответ",
  "form.progress": "Отвечено {answered} из {total}",
  "form.section": "Раздел {n} из {total}",
  "form.sections": "Разделы",
  "form.sectionDone": "всё отвечено",
  "form.sectionLeft": {
    one: "осталось {n} обязательный",
    few: "осталось {n} обязательных",
    many: "осталось {n} обязательных",
  },
  "form.prev": "← Назад",
  "form.next": "Далее →",
  "form.submit": "Отправить",
  "form.submitting": "Отправляем…",
  "form.numberPlaceholder": "Число",
  "form.textPlaceholder": "Ваш ответ",
  "form.notANumber": "Напишите число цифрами, например 12 или 3,5.",
  "form.requiredMissing": "Это обязательный вопрос.",
  "form.missing": {
    one: "Не отвечен {n} обязательный вопрос — он отмечен ниже.",
    few: "Не отвечены {n} обязательных вопроса — они отмечены ниже.",
    many: "Не отвечены {n} обязательных вопросов — они отмечены ниже.",
  },
  "form.problemsLeft": "Есть ответы, которые не подошли: они отмечены красным.",

  "save.saving": "Сохраняем…",
  "save.saved": "Сохранено",
  "save.offline": "Нет связи. Ответы на этом телефоне не потеряются: сохраним, когда связь вернётся.",
  "save.retry": "Повторить сейчас",
  "save.failed": "Не удалось сохранить ответ.",

  "done.title": "Спасибо! Анкета отправлена",
  "done.text": "Ответы можно изменить, пока анкета открыта — до {date}.",
  "done.edit": "Изменить ответы",
  "done.toList": "К моим анкетам",
  "done.again": "Анкета уже отправлена. Изменения сохраняются сразу.",
} satisfies Record<string, string | Plural>;

export type SurveyMessageKey = keyof typeof surveyMessages;

export function ts(key: SurveyMessageKey, params?: MessageParams): string {
  return translate(surveyMessages[key], params);
}
