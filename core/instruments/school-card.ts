import { InstrumentSchema, type Instrument } from "./schema.ts";

/**
 * Карта самоанализа школы (DOMAIN.md §6–7), черновик версии 1. The school's head fills it in for the school (one
 * response per school): every `card.*` parameter of the risk profile (core/risk-profile/catalog.ts) as a number,
 * yes/no or single choice question, the social passport as COUNTS of students per category (never names), staff and
 * equipment, and the status of the school's programme. How the answers become the profile's values:
 * core/risk-profile/sources.ts. Question ids and option values are part of that mapping: change them only together.
 */
export const SCHOOL_CARD_KEY = "school_card";

const count = (id: string, areaId: string, text: string, help?: string, extra: Record<string, unknown> = {}) => ({
  id,
  areaId,
  type: "number" as const,
  integer: true,
  min: 0,
  max: 10000,
  unit: "чел.",
  text,
  ...(help ? { help } : {}),
  ...extra,
});

const positions = (id: string, areaId: string, text: string, help: string) => ({
  id,
  areaId,
  type: "number" as const,
  integer: false,
  min: 0,
  max: 2000,
  unit: "ставок",
  text,
  help,
});

const NO_NAMES = "Только число, без имён и фамилий.";

export const schoolCardV1: Instrument = InstrumentSchema.parse({
  key: SCHOOL_CARD_KEY,
  version: 1,
  title: "Карта самоанализа школы (черновик, версия 1)",
  status: "draft",
  respondent: "head",
  intro:
    "Карту заполняет руководитель школы (или заместитель по его поручению) один раз за учебный год: 38 вопросов, " +
    "20–30 минут; удобнее в мини-приложении, по разделам. Нужны цифры на дату заполнения из штатного расписания, " +
    "ФИС ФРДО/электронного журнала и социального паспорта школы. Социальный паспорт — только количество обучающихся, " +
    "никаких имён. Из ответов складывается рисковый профиль школы; заполненную карту можно исправлять, пока кампания открыта.",
  scale: [
    { value: 1, label: "Нет" },
    { value: 2, label: "Скорее нет" },
    { value: 3, label: "Скорее да" },
    { value: 4, label: "Да" },
  ],
  areas: [
    { id: "students", title: "Обучающиеся", advice: "Численность обучающихся: основа всех долей и расчётов на 100 обучающихся." },
    { id: "equipment", title: "Оснащение", advice: "Учебники, техника, интернет, здания и кабинеты (фактор 1 рискового профиля)." },
    { id: "staff", title: "Кадры", advice: "Ставки педагогов, специалисты сопровождения и вспомогательный персонал (фактор 2)." },
    { id: "inclusion", title: "ОВЗ и языковые барьеры", advice: "Обучающиеся с ОВЗ и дети, для которых русский язык не родной (факторы 4 и 5)." },
    { id: "social", title: "Социальный паспорт", advice: "Число обучающихся в группах социального риска, без имён (фактор 9)." },
    { id: "programme", title: "Программа повышения качества образования", advice: "Состояние школьной программы и поддержка куратора." },
  ],
  questions: [
    count("students_total", "students", "Сколько обучающихся в школе на дату заполнения?", "Все обучающиеся 1–11 классов, включая обучающихся на дому.", {
      min: 1,
    }),

    count("textbooks_full", "equipment", "Сколько обучающихся полностью обеспечены учебниками и учебными пособиями по всем предметам?"),
    count(
      "computers",
      "equipment",
      "Сколько исправных компьютеров, ноутбуков и планшетов доступно обучающимся на уроках?",
      "Без техники администрации и бухгалтерии.",
      { unit: "шт." },
    ),
    {
      id: "internet",
      areaId: "equipment",
      type: "single",
      text: "Как работает интернет в школе?",
      help: "Стабильный — значит, его хватает и для онлайн-уроков, и для работ в компьютерной форме.",
      options: [
        { value: 1, label: "Нет или постоянно прерывается" },
        { value: 2, label: "Часто прерывается, медленный" },
        { value: 3, label: "Работает, но онлайн-уроки не всегда" },
        { value: 4, label: "Стабильный, хватает для онлайн-уроков" },
      ],
    },
    {
      id: "building_deficits",
      areaId: "equipment",
      type: "yesno",
      text:
        "Есть ли дефициты зданий и помещений: нужен капитальный ремонт, здание в аварийном состоянии, нет водопровода, канализации или тёплых туалетов?",
    },
    {
      id: "building_which",
      areaId: "equipment",
      type: "multiple",
      text: "Какие именно дефициты?",
      showIf: { questionId: "building_deficits", yes: true },
      options: [
        { value: 1, label: "Требуется капитальный ремонт" },
        { value: 2, label: "Аварийное состояние здания" },
        { value: 3, label: "Нет водопровода" },
        { value: 4, label: "Нет канализации" },
        { value: 5, label: "Нет тёплых туалетов" },
        { value: 6, label: "Другой дефицит, мешающий учёбе" },
      ],
    },
    count("classrooms_total", "equipment", "Сколько в школе учебных кабинетов?", undefined, { min: 1, max: 1000, unit: "шт." }),
    count("classrooms_repair", "equipment", "Скольким из них нужен ремонт или переоснащение?", undefined, { max: 1000, unit: "шт." }),

    positions(
      "teacher_positions",
      "staff",
      "Сколько ставок педагогических работников в штатном расписании?",
      "Можно с дробной частью, например 48,5.",
    ),
    positions(
      "teacher_vacancies",
      "staff",
      "Сколько из этих ставок вакантны, то есть не заняты основными работниками?",
      "Ставки, которые ведут совместители или коллеги сверх своей нагрузки, тоже считайте вакантными. Можно с дробной частью.",
    ),
    count("teachers_total", "staff", "Сколько педагогов работает в школе (физических лиц)?", undefined, { max: 2000 }),
    count("teachers_young", "staff", "Сколько из них молодых специалистов (стаж до 3 лет)?", undefined, { max: 2000 }),
    count("teachers_retired", "staff", "Сколько из них пенсионного возраста?", undefined, { max: 2000 }),
    { id: "has_psychologist", areaId: "staff", type: "yesno", text: "Есть ли в школе педагог-психолог (в штате или по совместительству)?" },
    { id: "has_speech_therapist", areaId: "staff", type: "yesno", text: "Есть ли в школе учитель-логопед (в штате или по совместительству)?" },
    { id: "has_social_pedagogue", areaId: "staff", type: "yesno", text: "Есть ли в школе социальный педагог (в штате или по совместительству)?" },
    positions(
      "support_positions",
      "staff",
      "Сколько ставок учебно-вспомогательного и обслуживающего персонала в штатном расписании?",
      "Лаборанты, библиотекарь, секретарь, техперсонал и другие не педагогические ставки.",
    ),
    positions("support_vacancies", "staff", "Сколько из этих ставок вакантны?", "Можно с дробной частью."),

    count("students_ovz", "inclusion", "Сколько обучающихся с ОВЗ (по заключениям ПМПК)?", NO_NAMES),
    {
      id: "language_any",
      areaId: "inclusion",
      type: "yesno",
      text: "Есть ли в школе обучающиеся, для которых русский язык не родной или не язык повседневного общения?",
    },
    count(
      "lang_either",
      "inclusion",
      "Сколько обучающихся, для которых русский язык не родной ИЛИ не язык повседневного общения?",
      "Каждого считайте один раз, даже если верно и то и другое. По данным администрации школы.",
      { showIf: { questionId: "language_any", yes: true } },
    ),
    count(
      "lang_not_everyday",
      "inclusion",
      "Сколько из них в повседневной жизни (дома, с друзьями) говорят не по-русски?",
      "Это часть предыдущего числа.",
      { showIf: { questionId: "language_any", yes: true } },
    ),
    count(
      "lang_support",
      "inclusion",
      "Сколько из них посещают дополнительные занятия по русскому языку?",
      "Занятия по русскому как неродному, языковой адаптации, дополнительные часы русского языка.",
      { showIf: { questionId: "language_any", yes: true } },
    ),

    count("sp_low_income", "social", "Социальный паспорт. Сколько обучающихся из малоимущих семей?", NO_NAMES),
    count("sp_large_family", "social", "Сколько обучающихся из многодетных семей?", NO_NAMES),
    count("sp_single_parent", "social", "Сколько обучающихся из неполных семей?", NO_NAMES),
    count(
      "sp_no_higher_ed",
      "social",
      "Сколько обучающихся из семей, где ни у одного из родителей нет высшего образования?",
      `Если школа этого не знает, вопрос можно пропустить. ${NO_NAMES}`,
      { required: false },
    ),
    count("sp_unemployed", "social", "Сколько обучающихся из семей, где родители (единственный родитель) не работают?", NO_NAMES),
    count("sp_guardianship", "social", "Сколько обучающихся под опекой или в приёмных семьях?", NO_NAMES),
    count("sp_disabled", "social", "Сколько детей-инвалидов?", NO_NAMES),
    count("sp_inschool_register", "social", "Сколько обучающихся на внутришкольном учёте?", NO_NAMES),
    count("sp_police_register", "social", "Сколько обучающихся на учёте в ПДН или КДН и ЗП?", NO_NAMES),
    count("sp_sop", "social", "Сколько обучающихся из семей в социально опасном положении?", NO_NAMES),
    count(
      "sp_any_risk",
      "social",
      "Сколько всего обучающихся хотя бы в одной группе социального риска?",
      "Группы риска: малоимущие семьи; ни у одного из родителей нет высшего образования; родители не работают; опека; " +
        "внутришкольный учёт; учёт в ПДН или КДН; семьи в социально опасном положении. Каждого обучающегося считайте один раз, " +
        "даже если он в нескольких группах. Многодетные и неполные семьи сами по себе группой риска не считаются.",
    ),

    {
      id: "programme_status",
      areaId: "programme",
      type: "single",
      text: "Какое состояние у школьной программы повышения качества образования (антирисковой программы)?",
      options: [
        { value: 1, label: "Не разработана" },
        { value: 2, label: "Разрабатывается" },
        { value: 3, label: "Утверждена и выполняется" },
        { value: 4, label: "Выполнена, итоги подведены" },
      ],
    },
    {
      id: "programme_on_plan",
      areaId: "programme",
      type: "single",
      text: "Выполняется ли программа по плану?",
      showIf: { questionId: "programme_status", values: [3] },
      options: [
        { value: 1, label: "Отстаём по большинству мероприятий" },
        { value: 2, label: "Отстаём по отдельным мероприятиям" },
        { value: 3, label: "Да, по плану" },
      ],
      unsure: true,
    },
    {
      id: "has_curator",
      areaId: "programme",
      type: "yesno",
      text: "Закреплён ли за школой куратор от района или региона (школа-наставник, тьютор, методист)?",
    },
    {
      id: "main_difficulties",
      areaId: "programme",
      type: "text",
      text: "Главные трудности школы сейчас — кратко.",
      help: "Без имён обучающихся и работников.",
      required: false,
      maxLength: 1000,
    },
  ],
});
