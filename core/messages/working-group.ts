// Russian texts of the municipal working group (#15): meetings, agendas, minutes, the approval of a
// report, the notices and the bot's /meetings.
export const MEETING_FIELD_NAMES: Record<string, string> = {
  workingGroupId: "Состав",
  number: "Номер протокола",
  date: "Дата",
  time: "Время",
  place: "Место",
  agenda: "Повестка",
  title: "вопрос",
  speaker: "докладчик",
  present: "Присутствовали",
  decisions: "Решения",
  text: "текст решения",
  responsible: "ответственный",
  dueOn: "срок",
  kind: "вид решения",
  reportId: "Справка",
  orderRef: "Приказ",
  orderDate: "Дата приказа",
  members: "Состав",
  name: "ФИО",
  position: "должность",
  role: "роль",
  personId: "участник",
};

const plural = (n: number, one: string, few: string, many: string) => {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return one;
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few;
  return many;
};

export const wgText = {
  input: {
    required: "заполните поле",
    tooLong: (max: number) => `не длиннее ${max} символов`,
    badDate: "укажите дату в виде ГГГГ-ММ-ДД",
    badTime: "укажите время в виде ЧЧ:ММ",
    badChoice: "выберите значение из списка",
    agendaRequired: "добавьте хотя бы один вопрос повестки",
    tooMany: (max: number) => `не больше ${max}`,
    repeated: "один член группы отмечен дважды",
    invalidPrefix: "Не сохранено",
  },
  errors: {
    forbidden: "Рабочую группу ведут сотрудники РУО района; члены рабочей группы её читают.",
    readOnly: "Члены рабочей группы читают материалы группы, а записывают их сотрудники РУО.",
    notFound: "Заседание не найдено.",
    groupNotFound: "Состав рабочей группы не найден: сначала внесите состав по приказу.",
    reportNotFound: "Справка не найдена.",
    held: "По заседанию уже записан протокол: его нельзя менять.",
    notYet: "Протокол записывают после заседания: дата заседания ещё не наступила.",
    notHeld: "Справку утверждают на состоявшемся заседании: сначала запишите протокол.",
    noQuorum: (present: number, total: number, needed: number) =>
      `Нет кворума: присутствуют ${present} из ${total}, нужно больше половины (не меньше ${needed}). Решения такого заседания не принимаются.`,
    approved: "Справка уже утверждена рабочей группой.",
    badMember: "В списке присутствовавших есть член группы, которого нет в составе.",
    unavailable: "Рабочая группа пока недоступна на этом сервере.",
  },
  /** «Протокол № 3 от 25.12.2026» */
  protocolRef: (number: string, date: string) => `Протокол № ${number} от ${date}`,
  approvalTitle: (period: string) => `Утвердить аналитическую справку об эффективности принятых мер за ${period}`,
  approvalResponsible: "Рабочая группа",
  decisionNote: (responsible: string, due: string | null) => `Ответственный: ${responsible}.${due ? ` Срок: ${due}.` : ""} Решение рабочей группы.`,
  quorum: (present: number, total: number, met: boolean) =>
    `Присутствовали ${present} из ${total} ${plural(total, "члена", "членов", "членов")} — ${met ? "кворум есть" : "кворума нет"}`,

  // ---- notices (Outbox) ----
  noticePlanned: (number: string, when: string, place: string | null, agenda: string[]) =>
    [`📅 Заседание рабочей группы (протокол № ${number}) — ${when}${place ? `, ${place}` : ""}.`, "", "Повестка:", ...agenda].join("\n"),
  noticeMinutes: (ref: string, quorum: string, decisions: string[]) =>
    [`📝 ${ref}: протокол заседания рабочей группы записан.`, quorum + ".", "", decisions.length ? "Решения:" : "Решений не принято.", ...decisions].join("\n"),
  noticeApproved: (period: string, ref: string) => `✅ Рабочая группа утвердила аналитическую справку за ${period} (${ref}).`,
  agendaLine: (index: number, title: string, speaker: string | null) => `${index}. ${title}${speaker ? ` (докладчик: ${speaker})` : ""}`,
  decisionLine: (index: number, text: string, responsible: string, due: string | null) =>
    `${index}. ${text} — ответственный: ${responsible}${due ? `, срок: ${due}` : ""}`,

  // ---- the bot's /meetings ----
  command: "Заседания рабочей группы",
  help: "/meetings — ближайшее заседание рабочей группы с повесткой и последний протокол",
  menu: "👥 Рабочая группа",
  refusal: "Заседания рабочей группы видят сотрудники РУО и члены муниципальной рабочей группы.",
  unavailable: "Рабочая группа пока недоступна на этом сервере.",
  heading: (district: string) => `<b>Рабочая группа — ${district}</b>`,
  noGroup: "Состав рабочей группы ещё не внесён.",
  group: (orderRef: string, orderDate: string, count: number) =>
    `Состав: ${orderRef} от ${orderDate}, ${count} ${plural(count, "член", "члена", "членов")}.`,
  next: (number: string, when: string, place: string | null) => `<b>Ближайшее заседание</b> (№ ${number}): ${when}${place ? `, ${place}` : ""}`,
  noNext: "Ближайших заседаний не назначено.",
  agendaHeading: "Повестка:",
  last: (ref: string) => `<b>Последний протокол</b>: ${ref}`,
  noLast: "Протоколов пока нет.",
  decisionsHeading: "Решения:",
  noDecisions: "Решений не принято.",
  approvedReport: (period: string) => `утверждена справка за ${period}`,
  awaiting: (number: string, date: string) => `Заседание № ${number} от ${date} прошло, протокол ещё не записан.`,
  moreInApp: "Все заседания, протоколы и справки — в Mini App.",
  openApp: "Открыть рабочую группу",
  listButton: "Все заседания",
  listHeading: (district: string) => `<b>Заседания — ${district}</b>`,
  listLine: (number: string, date: string, held: boolean) => `№ ${number} от ${date}${held ? "" : " (назначено)"}`,
  meetingButton: (number: string, date: string) => `№ ${number} от ${date}`,
  meetingHeading: (number: string, when: string, place: string | null) => `<b>Заседание № ${number}</b>: ${when}${place ? `, ${place}` : ""}`,
  gone: "Заседание не найдено.",
};
