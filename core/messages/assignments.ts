/** Russian texts of assignments (mentors, tutors, curators), school-curator pairs and "my schools" (#15). */
import type { AssignmentKind } from "../network/assignments.ts";

export const ASSIGNMENT_KIND_NAMES: Record<AssignmentKind, string> = {
  mentor: "наставник",
  tutor: "тьютор",
  curator: "куратор",
};

/** Field names in validation messages. */
export const ASSIGNMENT_FIELD_NAMES: Record<string, string> = {
  personId: "Кого закрепить",
  schoolId: "Школа",
  kind: "Роль",
  startsOn: "Начало",
  endsOn: "Окончание",
  plannedVisits: "Визитов в год по плану",
  note: "Примечание",
  supportedSchoolId: "Поддерживаемая школа",
  curatorSchoolId: "Школа-куратор",
};

export const assignmentText = {
  // ---- validation ----
  required: "заполните поле",
  badChoice: "выберите значение из списка",
  badDate: "укажите дату в формате ГГГГ-ММ-ДД",
  tooLong: (max: number) => `не длиннее ${max} знаков`,
  badVisits: "целое число от 0 до 50",
  endsBeforeStart: "окончание раньше начала",
  sameSchool: "школа-куратор не может курировать саму себя",
  invalidPrefix: "Не сохранено",
  // ---- refusals ----
  onlyDistrict: "Закреплять наставников, тьюторов и кураторов и составлять пары школ могут только сотрудники РУО этого района.",
  notFound: "Не найдено (или относится к другому району).",
  otherSchool: "Школа не из этого района.",
  notMember: "Этот человек не подключён к району: сначала пригласите его (роль наставника, тьютора или куратора на уровне района).",
  duplicateAssignment: "Этот человек уже закреплён за школой в этой роли: завершите прежнее закрепление или измените его срок.",
  duplicatePair: "Такая пара уже действует.",
  supportedIsCurator: "Школа уже курирует другую школу в действующей паре и не может одновременно быть поддерживаемой.",
  alreadyEnded: "Уже завершено.",
  unavailable: "Сеть поддержки школ на этом сервере не подключена. Сообщите администратору.",
  // ---- candidates ----
  reasonCurator: (year: number, text: string) => `Кандидат в школы-кураторы (выявление ${year}): ${text}`,
  reasonResilient: (year: number) => `Резильентная школа (выявление ${year}): высокие результаты при высоких социальных рисках`,
  reasonShnor: (year: number) => `ШНОР по выявлению ${year}`,
  reasonShnsu: (year: number) => `ШНСУ по выявлению ${year}`,
  reasonCurating: (count: number) => `уже курирует: ${count}`,
  noRun: "Выявление ещё не проводилось: кандидатов нет, выберите школы из списка.",
  // ---- notices (the Outbox) ----
  noticeAssigned: (input: { kind: AssignmentKind; school: string; district: string; period: string; visits: number }) =>
    `Вы закреплены за школой «${input.school}» (${input.district}) как ${ASSIGNMENT_KIND_NAMES[input.kind]}, ${input.period}. ` +
    `План: визитов в год — ${input.visits}. Школа, её руководитель и общие мероприятия дорожной карты — в /myschools.`,
  noticeSchoolGetsSupporter: (input: { kind: AssignmentKind; name: string; school: string; period: string }) =>
    `За школой «${input.school}» закреплён ${ASSIGNMENT_KIND_NAMES[input.kind]}: ${input.name}, ${input.period}. Подробнее — /myschools.`,
  noticePaired: (input: { curator: string; supported: string; period: string }) =>
    `Ваша школа «${input.curator}» назначена школой-куратором для школы «${input.supported}», ${input.period}. ` +
    `Вам открыт доступ к этой школе как руководителю школы-куратора; общие мероприятия — в /myschools.`,
  noticeSchoolGetsCurator: (input: { curator: string; supported: string; period: string }) =>
    `Школе «${input.supported}» назначена школа-куратор: «${input.curator}», ${input.period}. Подробнее — /myschools.`,
  periodFrom: (from: string) => `с ${from}`,
  periodFromTo: (from: string, to: string) => `с ${from} по ${to}`,
  unnamed: "без имени",
  // ---- /invite: a mentor, tutor or curator invited to the district, assigned to schools later ----
  inviteWholeDistrict: "На район (без школы): закрепит РУО",
  // ---- the bot: /myschools ----
  command: "Мои школы: закрепления, пары и общие мероприятия",
  menu: "Мои школы",
  help: "/myschools — мои школы: за какими школами я закреплён, кто их поддерживает, общие мероприятия дорожной карты",
  helpHead: "/myschools — кто поддерживает мою школу: наставники, тьюторы, кураторы, школа-куратор, общие мероприятия",
  refusal: "«Мои школы» — для наставников, тьюторов, кураторов, руководителей школ-кураторов и руководителей школ.",
  none: "Пока вы ни за какой школой не закреплены и ваша школа не в паре со школой-куратором. Закрепляет РУО.",
  noneHead: (school: string) => `У школы «${school}» пока нет закреплённых наставников, тьюторов, кураторов и школы-куратора.`,
  heading: "🤝 Мои школы",
  schoolLine: (school: string, district: string) => `<b>${school}</b> (${district})`,
  myRole: (role: string, period: string) => `Я: ${role}, ${period}`,
  myRoleHead: "Я: руководитель школы",
  myRoleCuratorHead: (curator: string, period: string) => `Я: руководитель школы-куратора «${curator}», ${period}`,
  plan: (visits: number) => `План визитов в год: ${visits}`,
  heads: (names: string) => `Руководитель: ${names}`,
  noHeads: "Руководитель школы ещё не подключён к боту",
  supporter: (kind: string, name: string, period: string) => `${kind}: ${name}, ${period}`,
  curatorSchool: (name: string, heads: string, period: string) => `Школа-куратор: «${name}»${heads ? ` (${heads})` : ""}, ${period}`,
  eventsHeading: (count: number) => `Общие мероприятия дорожной карты (${count}):`,
  eventLine: (number: string, title: string, due: string, state: string, mine: boolean) => `${number}. ${title} — до ${due}, ${state}${mine ? " (я исполнитель)" : ""}`,
  moreEvents: (count: number) => `…и ещё ${count} — в приложении`,
  noEvents: "Общих мероприятий в дорожной карте этого учебного года пока нет.",
  openApp: "Открыть «Мои школы»",
  eventsButton: (school: string) => `Мероприятия: ${school}`,
  appHint: "Подробности и мероприятия — в приложении.",
  eventState: {
    planned: "запланировано",
    in_progress: "в работе",
    done: "выполнено",
    overdue: "просрочено",
    cancelled: "отменено",
  } as Record<string, string>,
};
