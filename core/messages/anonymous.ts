// Texts of the anonymous path (#13): parents and students answer with a class code, in a chat or on
// the plain web page, and the school's staff issue links and code sheets.
import type { AnonymousAudience } from "../services/anonymous-ports.ts";

const plural = (n: number, one: string, few: string, many: string) => {
  const mod10 = Math.abs(n) % 10;
  const mod100 = Math.abs(n) % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
};

export const audienceTitle: Record<AnonymousAudience, string> = { parent: "родители", student: "ученики" };
export const audienceOf: Record<AnonymousAudience, string> = { parent: "для родителей", student: "для учеников" };

/** What a respondent reads about privacy before typing the code (152-ФЗ: a class code is not personal data). */
const PRIVACY =
  "Опрос анонимный: мы не спрашиваем имя, телефон или класс ребёнка поимённо и не сохраняем, кто отвечал. " +
  "Ответы хранятся только с кодом класса, а не с вашим аккаунтом, поэтому это не персональные данные и согласие на их обработку не нужно. " +
  "Код одноразовый: после отправки анкеты им больше нельзя ответить.";

export const anonymousText = {
  privacy: PRIVACY,
  /** `/start q-<token>` in a chat. */
  askCode: (title: string, school: string, audience: AnonymousAudience) =>
    `Опрос «${title}» ${audienceOf[audience]}, ${school}.\n\n${PRIVACY}\n\n` +
    "Напишите код с листка, который выдали в классе (8 знаков, например KM7P-Q2XA).",
  cancel: "Отмена",
  cancelled: "Хорошо, опрос отложен. Чтобы вернуться, откройте ссылку школы ещё раз и введите код.",
  notACode: "Это не похоже на код: он состоит из 8 латинских букв и цифр, например KM7P-Q2XA. Напишите код с листка ещё раз или нажмите «Отмена».",
  linkNotFound: "Ссылка на опрос не найдена. Проверьте её или спросите в школе новую.",
  codeNotFound: "Такого кода нет. Проверьте код на листке: буквы латинские, путать 0 и O, 1 и I нельзя — таких знаков в коде нет.",
  codeOtherSchool: "Этот код выдан для другого опроса или другой школы. Проверьте, что ссылка и листок с кодом — из одной школы.",
  codeUsed: "Этот код уже использован: анкета по нему отправлена. Если это ошибка, попросите в школе новый код.",
  campaignClosed: "Опрос закрыт: ответы больше не принимаются. Спасибо!",
  campaignNotYet: "Опрос ещё не начался. Откройте ссылку в дни опроса.",
  codeAccepted: "Код принят. Можно отвечать.",
  thanks: "Спасибо! Ваши ответы сохранены. Код больше не действует, а связь чата с ответами удалена.",
  sessionLost: "Опрос не найден. Откройте ссылку школы ещё раз и введите код с листка.",
  answerWithButtons: "На этот вопрос отвечают кнопками под сообщением.",
  done: "Готово",
  questionHeader: (number: number, total: number) => `Вопрос ${number} из ${total}`,
  back: "← Назад",
  chosen: (label: string) => `✓ ${label}`,
  picked: (label: string) => `☑ ${label}`,
  unpicked: (label: string) => `☐ ${label}`,
  typeAnswer: "Напишите ответ сообщением.",
  typeNumber: "Напишите число сообщением.",
  current: (value: string) => `Сейчас: ${value}`,

  /** The plain web page. */
  web: {
    pageTitle: "Анонимный опрос",
    codeLabel: "Код с листка (8 знаков)",
    codeButton: "Начать",
    next: "Далее",
    back: "Назад",
    skip: "Пропустить",
    unsure: "Затрудняюсь ответить",
    optional: "необязательный вопрос",
    thanksTitle: "Спасибо!",
    thanks: "Ваши ответы сохранены. Код больше не действует. Страницу можно закрыть.",
    notFoundTitle: "Ссылка не найдена",
    closedTitle: "Опрос закрыт",
    notYetTitle: "Опрос ещё не начался",
    forbidden: "Страница устарела. Откройте ссылку ещё раз.",
    resume: "Вы продолжаете с места, где остановились.",
    chooseOne: "Выберите ответ.",
  },

  /** The school's staff: links and code sheets. */
  staff: {
    notAnonymous: "Эту анкету заполняют сотрудники школ, а не родители или ученики: ссылка и коды классов для неё не нужны.",
    schoolNotAsked: "Эта школа не входит в опрос.",
    campaignOver: "Опрос уже закончился: новые коды для него не выдаются.",
    classLabelBad: "Название класса: от 1 до 20 знаков, например 5А или 7 «Б».",
    countBad: "Число кодов на класс: от 1 до 60.",
    tooManyClasses: "За один раз — не больше 40 классов.",
    sheetTitle: (title: string) => `Коды для опроса «${title}»`,
    sheetHowTo: (audience: AnonymousAudience) =>
      `Раздайте ${audience === "parent" ? "родителям" : "ученикам"} по одному коду. Откройте ссылку или наведите камеру на QR-код, затем введите код. ` +
      "Каждый код действует один раз. Имена рядом с кодами не записывайте: опрос анонимный.",
    sheetOnce: "Коды показываются только сейчас: в базе хранится лишь их отпечаток. Сохраните или распечатайте файл.",
    codesCount: (n: number) => `${n} ${plural(n, "код", "кода", "кодов")}`,
    fileName: (school: string, date: string) => `Коды опроса — ${school.replace(/[\\/:*?"<>|]/g, " ").slice(0, 60)} — ${date}`,
    columns: { classLabel: "Класс", code: "Код", link: "Ссылка" },
  },
} as const;
