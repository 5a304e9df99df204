/** Russian texts of the check of a school's self-analysis card (core/risk-profile/sources.ts `cardProblems`). */

/** Short names of the card's counts, as the problems quote them. */
export const CARD_COUNT_NAMES: Record<string, string> = {
  students_total: "все обучающиеся",
  textbooks_full: "обеспеченные учебниками",
  computers: "компьютеры на уроках",
  classrooms_total: "все учебные кабинеты",
  classrooms_repair: "кабинеты, которым нужен ремонт",
  teacher_positions: "ставки педагогов",
  teacher_vacancies: "вакантные ставки педагогов",
  teachers_total: "педагоги",
  teachers_young: "молодые специалисты",
  teachers_retired: "педагоги пенсионного возраста",
  support_positions: "ставки вспомогательного персонала",
  support_vacancies: "вакантные ставки вспомогательного персонала",
  students_ovz: "обучающиеся с ОВЗ",
  lang_either: "русский не родной или не язык общения",
  lang_not_everyday: "говорят не по-русски в повседневной жизни",
  lang_support: "посещают доп. занятия по русскому",
  sp_any_risk: "хотя бы в одной группе социального риска",
};

const name = (id: string) => CARD_COUNT_NAMES[id] ?? id;
const figure = (value: number) => String(value).replace(".", ",");

export const cardText = {
  /** A part exceeds its whole. */
  partOverWhole: (part: string, partValue: number, whole: string, wholeValue: number) =>
    `«${name(part)}» (${figure(partValue)}) больше, чем «${name(whole)}» (${figure(wholeValue)}).`,
  /** The unduplicated total of the risk groups is below one of the groups. */
  anyRiskBelowGroup: (group: string, groupValue: number, anyValue: number) =>
    `«${name("sp_any_risk")}» (${figure(anyValue)}) меньше, чем в одной группе «${group}» (${figure(groupValue)}): каждого обучающегося из групп риска нужно посчитать в общем числе один раз.`,
  /** Devices per 100 students beyond what is plausible. */
  tooManyComputers: (per100: number, max: number) =>
    `Компьютеров на 100 обучающихся получается ${Math.round(per100)} — больше ${max}: проверьте число компьютеров и обучающихся.`,
};

/** Names of the social passport's risk groups, for the problem above. */
export const RISK_GROUP_NAMES: Record<string, string> = {
  sp_low_income: "малоимущие семьи",
  sp_no_higher_ed: "родители без высшего образования",
  sp_unemployed: "родители не работают",
  sp_guardianship: "опека и приёмные семьи",
  sp_inschool_register: "внутришкольный учёт",
  sp_police_register: "учёт в ПДН или КДН",
  sp_sop: "социально опасное положение",
};
