import type { Role } from "../roles.ts";
import { roleTitle } from "./ru.ts";

/**
 * Texts of the admin use cases (core/services: admin, districts, members, invites, campaigns,
 * instruments, staff-import) and of the operator's command options (admin-commands). The CLI, the
 * admin bridge, the bot and the Mini App show them as they are; the services hold the keys.
 */

/** Refusals shared by every admin use case (core/services/admin.ts). */
export const adminText = {
  onlyDistrictStaff: "Это действие доступно только сотрудникам РУО этого района",
  onlyOperator: "Это действие доступно только администратору сервера",
  districtAmbiguous: (name: string) => `районов с названием «${name}» несколько; укажите id`,
  districtAmbiguousHint: "(см. district list)",
  districtNotFound: (name: string) => `Район «${name}» не найден (ищу по id и по точному названию).`,
  districtListHint: "Список: district list",
  schoolNotFound: (district: string, school: string) => `В районе «${district}» нет школы «${school}» (ищу по id и коду ОО).`,
  schoolListHint: (districtId: string) => `Список: school list --district ${districtId}`,
  schoolElsewhere: (school: string, district: string, refusal: string) => `школа «${school}» — в другом районе («${district}»); ${refusal}`,
  /** In place of a name not on record. */
  unnamed: "—",
};

/** Districts and schools (core/services/districts.ts). */
export const districtsText = {
  unknownTimeZone: (zone: string) => `неизвестный часовой пояс «${zone}»`,
  districtExists: (name: string, id: string) => `район «${name}» уже есть (id ${id})`,
  codeTaken: (code: string, school: string, id: string) => `код ${code} уже у школы «${school}» (id ${id})`,
};

/** People of a district (core/services/members.ts). */
export const membersText = {
  schoolNeedsDistrict: "школа ищется в районе — укажите и район",
  personNotFound: (id: string) => `Человек ${id} не найден`,
  personIdHint: "(id — в столбце «id человека» в member list)",
  membershipNotFound: (id: string) => `Членство ${id} не найдено`,
  membershipIdHint: "(id из member list)",
  /** «Иванова И.И., учитель»: the membership a refusal is about. */
  who: (name: string | null, role: Role) => `${name ?? adminText.unnamed}, ${roleTitle[role] ?? role}`,
  notSchoolStaff: (who: string, parent: boolean) =>
    `${who} — переводить между школами можно учителя, руководителя и наставника` +
    (parent ? "; родитель подключается по ссылке для родителей новой школы" : ""),
  alreadyInactive: (who: string, school: string) => `это членство уже отключено (${who}, ${school}).`,
  addSchoolHint: (personId: string, role: string) =>
    `Добавить человека в школу: member add-school --person ${personId} --school <id|код> --role ${role}`,
  noMoveAcrossDistricts: "перевод между районами не делается: отключите членство и пригласите человека в новом районе",
  alreadyInSchool: (who: string, school: string) => `${who} уже в школе «${school}»`,
  whichDistrict: (several: boolean) =>
    `${several ? "человек состоит в нескольких районах" : "у человека нет активных членств"} — укажите район`,
  schoolOutsidePersonDistrict: "школа должна быть в районе человека (или укажите район)",
};

/** Invites and the printable sheet (core/services/invites.ts). */
export const invitesText = {
  noOperator: (district: string) =>
    `у района «${district}» нет сведений об операторе персональных данных (полное наименование, адрес, срок обработки): ` +
    "без них текст согласия неполон, и приглашения не выдаются",
  noOperatorHint: "Их вносит администратор сервера: district operator --district … --name … --address … --term …",
  districtRoleNoSchool: "роль district относится ко всему району, школу указывать не нужно",
  /** #15: the school-curator's head is given by a pair of schools, never by an invite. */
  notInvitable: (role: Role) => `роль ${role} (${roleTitle[role]}) не выдаётся приглашением: её даёт пара «школа — школа-куратор», которую составляет РУО`,
  districtWideRoleNoSchool: (role: Role) => `роль ${role} (${roleTitle[role]}) относится ко всему району, школу указывать не нужно`,
  schoolRequired: (role: Role) => `для роли ${role} (${roleTitle[role]}) нужна школа (id или код ОО)`,
  /** Nothing to print: every person imported in advance has joined, or is on another school's sheet. */
  nothingToPrint: (school: string, elsewhere: ReadonlyArray<{ name: string | null; school: string | null }>) => {
    const list = elsewhere.map((person) => `${person.name ?? adminText.unnamed} (${person.school ?? adminText.unnamed})`).join(", ");
    return (
      `В школе «${school}» нет карточек для печати: все сотрудники, загруженные заранее, уже подключились` +
      (list ? `, а карточки работающих ещё и в другой школе — на листах тех школ: ${list}` : "") +
      "."
    );
  },
  blankCardsHint: "Пустые карточки: --teachers N, --heads N.",
  notACode: (code: string) => `«${code}» не похоже на код приглашения (10 знаков, например K7MPQ2XRTA)`,
  inviteNotFound: (code: string) => `Приглашение ${code} не найдено`,
};

/** Campaigns of the teacher diagnostic (core/services/campaigns.ts). */
export const campaignsText = {
  defaultTitle: "Диагностика профессиональных дефицитов педагогов",
  notFound: (id: string) => `Кампания ${id} не найдена`,
  idHint: "(id из campaign list)",
  versionHint: "(см. instrument list --district …)",
};

/** The district's own versions of the teacher diagnostic (core/services/instruments.ts). */
/** Who answers an instrument, in a problem's words. */
const RESPONDENT_WHO: Record<string, string> = {
  teacher: "педагоги (teacher)",
  head: "руководители школ (head)",
  mentor: "наставники (mentor)",
  parent: "родители (parent)",
  student: "обучающиеся (student)",
};

export const instrumentsText = {
  versionMissing: (version: number | undefined, stored: readonly number[]) => `версии ${version} нет; сохранены: ${stored.join(", ")}`,
  /** The path of a problem about the file as a whole. */
  wholeFile: "(весь файл)",
  typeNames: {
    string: "текст в кавычках",
    number: "число",
    int: "целое число",
    boolean: "true или false",
    array: "список […]",
    object: "объект {…}",
  } as Record<string, string>,
  /** What a value found in the file is, in a problem's words. */
  found: {
    list: "список",
    object: "объект",
    text: (quoted: string) => `текст ${quoted}`,
    number: (value: number) => `число ${value}`,
  },
  required: "обязательное поле отсутствует",
  expected: (type: string, found: string) => `ожидается ${type}, а здесь ${found}`,
  emptyText: "пустой текст",
  textAtLeast: (min: number) => `текст не короче ${min} символов`,
  itemsAtLeast: (min: number) => `нужно не меньше ${min} элементов`,
  moreThan: (min: number) => `нужно больше ${min}`,
  atLeast: (min: number) => `нужно не меньше ${min}`,
  textLongerThan: (max: number) => `текст длиннее ${max} символов`,
  itemsAtMost: (max: number) => `не больше ${max} элементов`,
  atMost: (max: number) => `нужно не больше ${max}`,
  invalidValue: (value: string, allowed: string) => `недопустимое значение ${value}; допустимо: ${allowed}`,
  /** " (вопрос fgos_4)": the id of the question or area a path is inside. */
  where: (list: "questions" | "areas", id: string) => ` (${list === "questions" ? "вопрос" : "область"} ${id})`,
  unknownField: (path: string) => `${path}: такого поля в анкете нет, оно не сохранится (опечатка?)`,
  questions: "вопросов",
  areas: "областей",
  tooMany: (list: string, what: string, count: number, limit: number) =>
    `${list}: ${what} ${count}, а можно не больше ${limit} — анкету отвечают в чате за один раз`,
  tooLong: (path: string, length: number, limit: number) => `${path}: текст длиной ${length} символов, можно не больше ${limit}`,
  notAnObject: '(весь файл): ожидается объект анкеты { "key": …, "version": …, "questions": […] }',
  wrongKey: (keys: readonly string[], found: string) => `key: такой анкеты нет (${found}); ключ одной из анкет: ${keys.join(", ")}`,
  /** A command's --key that is not a built-in instrument. */
  unknownKey: (found: string, keys: readonly string[]) => `анкеты «${found}» нет; ключи анкет: ${keys.join(", ")}`,
  wrongRespondent: (expected: string, found: string) =>
    `respondent: эту анкету заполняют ${RESPONDENT_WHO[expected] ?? expected}, а в файле — ${RESPONDENT_WHO[found] ?? found}; ` +
    "кто отвечает, менять нельзя (от этого зависит, отвечают ли в чате или анонимно по коду класса)",
  riskQuestionMissing: (id: string, parameters: readonly string[]) =>
    `в анкете нет вопроса ${id}: без него в профиле рисков школы не будет ${parameters.length > 1 ? "параметров" : "параметра"} ${parameters.join(", ")}`,
  /** The teacher diagnostic's version 2 (help lines and the list). */
  teacherV2: "версия 2 диагностики педагогов содержит вопросы, нужные профилю рисков школы (параметры 6.1, 7.2, 8.2, 9.2); по умолчанию новые кампании идут по версии 1",
  versionTaken: (version: number, exists: boolean, stored: string, next: number) =>
    `version: ${exists ? `версия ${version} уже есть` : `версия ${version} меньше сохранённых`} ` +
    `(сохранены: ${stored}); новой версии нужен номер больше — поставьте "version": ${next}`,
  titleVersion: (found: string, version: number) =>
    `title: в названии «${found}», а загружается версия ${version} — название видят учителя`,
  titleDraft: "title: в названии «черновик», а версия утверждается — название видят учителя",
  introCount: (found: string, count: number) => `intro: во вступлении «${found}», а вопросов ${count}`,
  notLoaded: (count: number) => `Анкета не загружена: проблем ${count}.`,
};

// ---------- bulk import of schools and staff (core/services/staff-import.ts) ----------

/** Sheet titles of the XLSX template. */
export const SHEET = { schools: "Школы", staff: "Сотрудники", help: "Инструкция" } as const;

/** Column titles of the template; the reader also accepts a few common variants. */
export const COLUMN = {
  code: "Код ОО",
  schoolName: "Название",
  schoolNote: "Адрес, примечание (не загружается)",
  person: "ФИО",
  role: "Роль",
  staffNote: "Предмет, примечание (не загружается)",
} as const;

/** The roles a staff row may name, in the district's words. */
export const STAFF_ROLES = { учитель: "teacher", руководитель: "head", наставник: "mentor" } as const satisfies Record<string, Role>;

/** Rows whose first cell starts with this word are the template's examples and are never loaded. */
export const EXAMPLE_MARK = "Пример";

export const importText = {
  cellTooLong: (length: number, max: number) => `слишком длинный текст: ${length} символов, можно не больше ${max}`,
  excelError: (value: string) => `в ячейке ошибка Excel «${value}» — исправьте формулу или впишите значение`,
  noCode: "не заполнен код ОО",
  noPerson: "не заполнено ФИО",
  noSchoolName: "не заполнено название школы",
  digitsInName: (name: string) => `в ФИО есть цифры («${name}») — не перепутаны ли столбцы?`,
  notAName: (name: string) => `«${name}» не похоже на ФИО: в каждом слове нужны буквы`,
  shortName: (name: string) => `«${name}»: укажите фамилию и имя, лучше полностью, с отчеством`,
  unknownRole: (role: string, allowed: string) => `неизвестная роль «${role}»; допустимо: ${allowed}`,
  noRole: (allowed: string) => `не указана роль; допустимо: ${allowed}`,
  cellOverLimit: "ячейка длиннее 100 000 символов",
  tooManySchools: "в листе «Школы» больше 2000 строк — разделите файл и загрузите частями",
  tooManyStaff: "в листе «Сотрудники» больше 10 000 строк — разделите файл и загрузите частями",
  /** «Сотрудники», строка 14, столбец «Роль»: неизвестная роль «завуч»; … */
  problem: (sheet: string, row: number, column: string | undefined, message: string) =>
    `«${sheet}», строка ${row}${column ? `, столбец «${column}»` : ""}: ${message}`,
  formula:
    "в ячейке формула без сохранённого значения — откройте файл в Excel, сохраните его и загрузите снова (или впишите значение)",
  probableTwin: (name: string, other: string, row: number) =>
    `«${name}» и «${other}» (строка ${row}) в одной школе — возможно, один человек; будут два человека, если не исправить`,
  codeRepeated: (code: string, row: number | null) => `код ${code} уже указан в строке ${row}`,
  schoolNamesake: (name: string, code: string | null) =>
    `в районе уже есть школа «${name}» с кодом ${code}; если это она, укажите этот код`,
  leadingZeros: (code: string, storedCode: string | null, storedName: string) =>
    `новая школа с кодом ${code}, а в районе уже есть ${storedCode} «${storedName}» — ` +
    "Excel убирает ведущие нули у чисел; если это она, задайте столбцу текстовый формат и впишите код с нулём",
  codeNotFound: (code: string, lookalike: string | undefined) =>
    `код ОО ${code} не найден ни в листе «${SHEET.schools}», ни среди школ района` +
    (lookalike ? ` (может быть, ${lookalike}? Excel убирает ведущие нули у чисел — задайте столбцу текстовый формат)` : ""),
  repeatedRow: (first: number) => `повторяет строку ${first} (то же ФИО, школа и роль) — пропущена`,
  severalNamesakes: (name: string) =>
    `в районе уже несколько человек с ФИО «${name}» — не понять, кто из них; ` +
    "добавьте в школу вручную: member add-school --person <id> (id — в member list)",
  broughtBack: (name: string) => `«${name}» был(а) отключен(а) в этой школе и будет добавлен(а) снова`,
  moreOfKind: (count: number, sheet: string, column: string | undefined, message: string) =>
    `… и ещё ${count} таких же (${sheet}${column ? `, «${column}»` : ""}: ${message})`,
  noRows: "в файле нет ни одной строки с данными (строки «Пример…» не загружаются)",
  notLoaded: (dryRun: boolean, count: number) =>
    `${dryRun ? "Проверка без записи" : "Файл не загружен, ничего не записано"}: проблем ${count}.`,
  warningsHeading: "Замечания:",
  warningsIntro: (count: number) => `Замечания (${count}), загрузку не останавливают, но проверьте:`,
  moreWarnings: (count: number) => `… и ещё замечаний: ${count}`,
  fixAndReload: "Исправьте эти строки в файле и загрузите его снова; до этого ничего не записывается.",
};

// ---------- the operator's command options (core/services/admin-commands.ts) ----------

export const optionsText = {
  missing: (what: string) => `не указан(о) ${what}`,
  notText: "должно быть текстом",
  empty: (what: string) => `пустое значение; укажите ${what}`,
  tooLong: (max: number) => `слишком длинно (больше ${max} символов)`,
  notInteger: "должно быть целым числом",
  integerRange: (min: number, max: number) => `должно быть целым числом от ${min} до ${max}`,
  atLeast: (min: number) => `должно быть не меньше ${min}`,
  atMost: (max: number) => `должно быть не больше ${max}`,
  unknownTimeZone: (zone: string) =>
    `${districtsText.unknownTimeZone(zone)}; примеры: Europe/Moscow, Europe/Samara, Asia/Yekaterinburg, Asia/Novosibirsk, Asia/Yakutsk`,
  /** «teacher (учитель), head (руководитель школы)»: the values a role option takes. */
  roleChoices: (roles: readonly Role[]) => roles.map((role) => `${role} (${roleTitle[role]})`).join(", "),
  noRole: (choices: string) => `не указана роль; допустимо: ${choices}`,
  unknownRole: (role: string, choices: string) => `неизвестная роль «${role}»; допустимо: ${choices}`,
  /** A school staff role: `role` is undefined when none was given. */
  wrongStaffRole: (role: string | undefined, choices: string) =>
    `${role === undefined ? "не указана роль" : `роль «${role}» здесь не подходит`}; допустимо: ${choices}`,
  flag: (name: string) => `флаг без значения: просто --${name}`,
  isoDate: "дата в виде ГГГГ-ММ-ДД, например 2026-02-01",
  noSuchDate: "такой даты нет в календаре",
  /** `sample` is the README's example bot name typed as it is (not the person's own bot), or null. */
  botUsername: (sample: string | null) =>
    "имя бота в Telegram: латиница, цифры и _, 5–32 символа, в конце bot, например shnor_rayon_bot" +
    (sample !== null
      ? `. «${sample}» — образец из инструкции: впишите имя своего бота, которое выдал @BotFather при создании ` +
        "(оно же в ссылке t.me/<имя> и в профиле бота), без @; или задайте BOT_USERNAME в .env"
      : ""),
  maxBotNick: (sample: string | null) =>
    "ник бота в MAX — из его ссылки max.ru/<ник>: латиница, цифры и _, например id7701234567_bot" +
    (sample !== null
      ? `. «${sample}» — образец из инструкции: впишите ник своего бота из его ссылки max.ru/<ник>; или задайте MAX_BOT_USERNAME в .env`
      : ""),
  sheetForWhom:
    "укажите, для кого лист: --existing (загруженные заранее сотрудники, с ФИО), --teachers N (учителя), " +
    "--heads N (руководители) и/или --parents (одна ссылка для родителей)",
  sheetNoBot:
    "на листе нужны ссылки и QR-коды, а имя бота не задано: --bot <имя_бота> (Telegram, или BOT_USERNAME в .env) " +
    "и/или --max-bot <ник_бота> (MAX, или MAX_BOT_USERNAME в .env)",
  districtOrPerson: "укажите район: --district <id|название> (или человека: --person <id>)",
  instrumentFile: "укажите файл анкеты .json (его даёт instrument export)",
  /** What each option names, in «не указан(о) …» and «укажите …». */
  field: {
    district: "район (id или точное название)",
    school: "школа (id или код ОО)",
    districtName: "название района (--name)",
    schoolName: "название школы (--name)",
    schoolCode: "код ОО",
    inviteCode: "код приглашения (--code)",
    person: "id человека (--person)",
    personFromList: "id человека (--person, см. member list)",
    membership: "id членства (--membership, см. member list)",
    campaignTitle: "название кампании (--title)",
    campaign: "id кампании (--campaign, см. campaign list)",
    operatorName: "полное наименование оператора (--name)",
    operatorAddress: "адрес оператора (--address)",
    operatorTerm: "срок обработки (--term), например «до окончания программы, но не дольше 3 лет»",
    operatorPurpose: "цель обработки (--purpose)",
    operatorData: "состав данных (--data)",
    operatorActions: "действия с данными (--actions)",
    operatorWithdrawal: "порядок отзыва согласия (--withdrawal)",
  },
};
