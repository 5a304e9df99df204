/**
 * Strings of the baseline import and of the indicators (#13 §8, §9). Kept apart from messages/ru.ts so
 * that they load with those pages only.
 */
import { translate, type MessageParams } from "./ru.ts";

const baselineMessages = {
  "baseline.title": "Базовый замер",
  "baseline.intro":
    "Прошлый раунд анкеты из Google Форм или Яндекс Форм: выгрузите ответы в CSV или Excel и загрузите сюда. Сначала файл проверяется — ничего не записывается. Столбцы с почтой, ФИО, телефоном и адресом не читаются и не сохраняются.",
  "baseline.instrument": "Анкета",
  "baseline.instrument.teacher_deficits": "Диагностика дефицитов педагогов",
  "baseline.instrument.parent_survey": "Анкета родителей",
  "baseline.instrument.student_survey": "Анкета обучающихся",
  "baseline.instrument.school_card": "Карта самоанализа школы",
  "baseline.instrument.visit_report": "Отчёт о визите наставника",
  "baseline.school": "Школа для всего файла (если в файле нет столбца со школой)",
  "baseline.schoolFromFile": "— из столбца файла —",
  "baseline.from": "Дата начала (если в файле нет времени заполнения)",
  "baseline.to": "Дата окончания",
  "baseline.choose": "Выбрать файл и проверить",
  "baseline.checking": "Проверяем файл…",
  "baseline.importing": "Импортируем…",
  "baseline.columns": "Столбцы файла",
  "baseline.role.question": "вопрос анкеты",
  "baseline.role.school": "школа",
  "baseline.role.dropped": "не сохраняется: данные о человеке",
  "baseline.role.timestamp": "время заполнения (только для дат)",
  "baseline.role.ignored": "не импортируется",
  "baseline.ignore": "— не импортировать —",
  "baseline.asSchool": "— столбец со школой —",
  "baseline.unknownAnswers": "Ответы, которые не узнаны",
  "baseline.unknownAnswer": "«{text}» в вопросе «{question}» (строк: {rows})",
  "baseline.pick": "— выберите —",
  "baseline.unsure": "Затрудняюсь ответить",
  "baseline.unknownSchools": "Школы, которые не узнаны",
  "baseline.problems": "Проблемы",
  "baseline.warnings": "Замечания",
  "baseline.saveAndCheck": "Сохранить сопоставление и проверить снова",
  "baseline.import": "Импортировать",
  "baseline.cancel": "Отмена",
  "baseline.window": "Даты проведения: {from} — {to}",
  "baseline.list": "Импортированные базовые замеры",
  "baseline.listEmpty": "Базовых замеров пока нет.",
  "baseline.listRow": "{from} — {to}, ответов: {responses}",
  "baseline.compare": "Сравнить с новым раундом",
  "baseline.compareTitle": "Базовый замер и новый раунд",
  "baseline.area": "Область",
  "baseline.before": "Базовый",
  "baseline.after": "Новый",
  "baseline.district": "Район",
  "baseline.hidden": "скрыто",

  "indicators.title": "Показатели",
  "indicators.intro":
    "Доли педагогов по школам и району за {year1}/{year2} учебный год. Цифры проходят правила публикации: доли округлены до 5 %, крайние значения показаны границей, ячейки, где меньше {min} педагогов, скрыты.",
  "indicators.school": "Школа",
  "indicators.teachers": "Педагогов",
  "indicators.district": "Район",
  "indicators.diagnosed": "Прошли диагностику",
  "indicators.withRoute": "С маршрутом (ИОМ)",
  "indicators.positiveDynamics": "С положительной динамикой",
  "indicators.completedCourses": "Завершили курс из маршрута",
  "indicators.hidden": "скрыто",
  "indicators.previousYear": "Прошлый учебный год",
  "indicators.currentYear": "Текущий учебный год",
} as const;

export type BaselineMessageKey = keyof typeof baselineMessages;

export function tb(key: BaselineMessageKey, params?: MessageParams): string {
  return translate(baselineMessages[key], params);
}
