/** Texts of the survey runner that the person sees: answer labels and why an answer was not taken. */

const plural = (n: number, one: string, few: string, many: string) => {
  const mod10 = Math.abs(n) % 10;
  const mod100 = Math.abs(n) % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
};

/** 3.5 → "3,5" (Russian decimal comma), 1200 → "1200". */
export const formatNumber = (value: number) => String(value).replace(".", ",");

const withUnit = (value: number, unit?: string) => (unit ? `${formatNumber(value)} ${unit}` : formatNumber(value));
/** Ends a sentence with one full stop, also after a unit that has its own ("чел."). */
const sentence = (text: string) => (text.endsWith(".") ? text : `${text}.`);

export const surveyText = {
  yes: "Да",
  no: "Нет",
  unsure: "Затрудняюсь ответить",
  skip: "Пропустить",
  optional: "(необязательный вопрос)",
  /** "выберите от 1 до 3 вариантов" under a multiple choice question. */
  picksHint: (min: number, max: number) =>
    min === max
      ? `выберите ${max} ${plural(max, "вариант", "варианта", "вариантов")}`
      : min <= 1
        ? `выберите до ${max} ${plural(max, "варианта", "вариантов", "вариантов")}`
        : `выберите от ${min} до ${max} ${plural(max, "варианта", "вариантов", "вариантов")}`,
  numberHint: (min: number, max: number, integer: boolean, unit?: string) =>
    `${integer ? "целое число" : "число"} от ${formatNumber(min)} до ${withUnit(max, unit)}`,
  textHint: (maxLength: number) => `не больше ${maxLength} ${plural(maxLength, "символа", "символов", "символов")}`,
  problems: {
    unknownQuestion: "Этого вопроса нет в анкете. Откройте анкету заново.",
    wrongKind: "Такой ответ не подходит к этому вопросу.",
    notAnOption: "Такого варианта ответа нет. Выберите один из предложенных.",
    unsureNotOffered: "У этого вопроса нет ответа «Затрудняюсь ответить». Выберите один из вариантов.",
    requiredChoice: "Это обязательный вопрос: выберите ответ.",
    requiredNumber: "Это обязательный вопрос: напишите число.",
    requiredText: "Это обязательный вопрос: напишите ответ.",
    tooFewPicks: (min: number) => `Выберите хотя бы ${min} ${plural(min, "вариант", "варианта", "вариантов")}.`,
    tooManyPicks: (max: number) => `Можно выбрать не больше ${max} ${plural(max, "варианта", "вариантов", "вариантов")}.`,
    notANumber: "Напишите число цифрами, например 12 или 3,5.",
    notInteger: "Нужно целое число, без дробной части.",
    belowMin: (min: number, unit?: string) => sentence(`Число должно быть не меньше ${withUnit(min, unit)}`),
    aboveMax: (max: number, unit?: string) => sentence(`Число должно быть не больше ${withUnit(max, unit)}`),
    tooLong: (maxLength: number, length: number) =>
      `Ответ слишком длинный: ${length} ${plural(length, "символ", "символа", "символов")}, можно не больше ${maxLength}. Сократите его.`,
  },
} as const;

/** The chat screens of any instrument (core/journeys/survey.ts): /surveys, questions, the end. */
export const surveyChatText = {
  command: "Анкеты, которые ждут ваших ответов",
  help: "/surveys — анкеты, которые ждут ваших ответов (карта самоанализа школы, опросы района)",
  menu: "Анкеты",
  onlyMembers: "Анкеты заполняют сотрудники школ. Откройте личное приглашение от школы или района.",
  listTitle: "<b>Ваши анкеты</b>",
  listEmpty: "Сейчас нет открытых анкет для вас. Когда район откроет новую, бот пришлёт приглашение.",
  listLine: (title: string, answered: number, total: number, completed: boolean, until: string) =>
    completed
      ? `• ${title} — заполнена, ответы можно изменить до ${until}`
      : answered
        ? `• ${title} — отвечено ${answered} из ${total}, до ${until}`
        : `• ${title} — ещё не начата, до ${until}`,
  listHint: "Нажмите на анкету, чтобы начать или продолжить.",
  listButton: (title: string, completed: boolean) => (completed ? `✓ ${title}` : title),
  questionHeader: (number: number, total: number) => `Вопрос ${number} из ${total}`,
  back: "← Назад",
  chosen: (label: string) => `✓ ${label}`,
  picked: (label: string) => `☑ ${label}`,
  unpicked: (label: string) => `☐ ${label}`,
  done: "Готово",
  keep: "Оставить как есть",
  typeNumber: "Напишите число ответным сообщением.",
  typeText: "Напишите ответ сообщением.",
  current: (value: string) => `Ваш ответ сейчас: ${value}`,
  unsureCurrent: "Ваш ответ сейчас: затрудняюсь ответить",
  complete: (title: string, until: string) =>
    `Спасибо! Анкета «${title}» заполнена. Ответы можно изменить до ${until}: кнопка «Изменить ответы» или /surveys.`,
  edit: "Изменить ответы",
  myList: "Мои анкеты",
  closed: "Эта анкета закрыта: ответы больше не принимаются. Ваши сохранённые ответы остались как были.",
  notInAudience: "Эта анкета не для вас: её заполняют другие участники. Ваши анкеты — /surveys.",
  answerWithButtons: "Вы заполняете анкету: выберите ответ кнопкой под вопросом. Список анкет — /surveys.",
} as const;
