/**
 * Рисковый профиль школы (seed 004, appendix «Рисковый профиль школы (разработан на основе материалов проекта 500+)»;
 * DOMAIN.md §6): ten risk factors and their 31 parameters, 5+3+5+2+3+3+3+2+2+3.
 *
 * Names: `seedText` is the seed's cell verbatim (tests compare it with the table); `name` is what people see. They
 * differ only where the seed has a slip:
 * - factor 1 «Низкий уровень оснащение» → «оснащения», parameter 1.4 «зданий и помещения» → «помещений»,
 *   parameter 4.2 «с обучающимся с ОВЗ» → «с обучающимися с ОВЗ» (grammar);
 * - factor 4 drops the document's «(далее – ОВЗ)»;
 * - factors 7 and 8: the seed's table repeats factor 6's heading («Низкая учебная мотивация обучающихся») over their
 *   rows; their names follow the parameters and issue #13: «пониженный уровень школьного благополучия» and
 *   «низкий уровень дисциплины в классах».
 *
 * Each parameter says where its value comes from (which instrument, and a stable key the instrument's question or
 * card field maps to), what kind of value it is and which side is worse. The mapping of the built-in instruments'
 * questions onto these keys, and the computation of the values, is core/risk-profile/sources.ts.
 */

/** The four instruments the profile is built from (DOMAIN.md §6–7). */
export const RISK_INSTRUMENTS = ["card", "teacher", "student", "parent"] as const;
/**
 * card: карта самоанализа школы, filled by the administration (one answer per school);
 * teacher / student / parent: the questionnaires, aggregated over the school's respondents.
 */
export type RiskInstrument = (typeof RISK_INSTRUMENTS)[number];

/**
 * share: a share 0..1 (of students, teachers, parents, posts, classrooms);
 * scale: a mean on the 1..4 scale of the instruments (1 = worst wording … 4 = best, or the reverse, see direction);
 * per100: a count per 100 students;
 * flag: yes/no.
 */
export const VALUE_KINDS = ["share", "scale", "per100", "flag"] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

/** higherWorse: a larger value (or "yes") is the risky side; higherBetter: a smaller value (or "no") is. */
export const DIRECTIONS = ["higherWorse", "higherBetter"] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const SCALE_MIN = 1;
export const SCALE_MAX = 4;

export const FACTOR_IDS = [
  "equipment",
  "staff",
  "competence",
  "disabilities",
  "language",
  "motivation",
  "wellbeing",
  "discipline",
  "failureRisk",
  "parents",
] as const;
/** Фактор риска. */
export type RiskFactorId = (typeof FACTOR_IDS)[number];

export const SOURCE_KEYS = [
  // 1. equipment
  "card.learningMaterials",
  "card.computersPer100",
  "card.internetQuality",
  "card.buildingDeficits",
  "card.classroomsNeedRepair",
  // 2. staff
  "card.teacherVacancies",
  "card.supportSpecialistsMissing",
  "card.supportStaffVacancies",
  // 3. competence
  "teacher.pronouncedDeficit",
  "teacher.experienceExchange",
  "teacher.modernTechnologies",
  "parent.teachingDissatisfaction",
  "teacher.confidence",
  // 4. disabilities
  "card.disabilitiesShare",
  "teacher.disabilitiesUnsure",
  // 5. language
  "card.russianNotNativeOrEveryday",
  "card.russianNotEveryday",
  "card.russianSupportCoverage",
  // 6. motivation
  "teacher.studentMotivation",
  "student.motivation",
  "student.individualApproach",
  // 7. well-being
  "student.bullying",
  "teacher.staffRelations",
  "student.unfairTreatment",
  // 8. discipline
  "student.disciplineViolations",
  "teacher.disciplineLevel",
  // 9. risk of failure
  "card.lowSocialWellbeing",
  "teacher.extraClassesRecommended",
  // 10. parents
  "parent.schoolInterest",
  "parent.studySupport",
  "parent.meetingAttendance",
] as const;
/** A parameter's stable key: "<instrument>.<field>". */
export type RiskSourceKey = (typeof SOURCE_KEYS)[number];

/** Параметр анализа. */
export interface RiskParameter {
  key: RiskSourceKey;
  /** "1.1" … "10.3", the row of the seed's table. */
  number: string;
  /** The seed's cell, verbatim. */
  seedText: string;
  /** The name people see (the seed's, with its slips corrected). */
  name: string;
  /** A few words for the chat text. */
  short: string;
  source: RiskInstrument;
  kind: ValueKind;
  direction: Direction;
  /** What exactly is measured, in Russian: the question or card field the key stands for. */
  measure: string;
}

/** Фактор риска. */
export interface RiskFactor {
  id: RiskFactorId;
  number: number;
  /** The text of the seed's «Фактор риска» column over this factor's rows, verbatim. */
  seedText: string;
  name: string;
  parameters: RiskParameter[];
}

type P = Omit<RiskParameter, "number" | "source"> & { name?: string };
const p = (key: RiskSourceKey, seedText: string, short: string, kind: ValueKind, direction: Direction, measure: string, name?: string): P => ({
  key,
  seedText,
  name: name ?? seedText,
  short,
  kind,
  direction,
  measure,
});

const factor = (id: RiskFactorId, number: number, seedText: string, name: string, parameters: P[]): RiskFactor => ({
  id,
  number,
  seedText,
  name,
  parameters: parameters.map((parameter, index) => ({
    ...parameter,
    name: parameter.name ?? parameter.seedText,
    number: `${number}.${index + 1}`,
    source: parameter.key.split(".")[0] as RiskInstrument,
  })),
});

const MOTIVATION_HEADING = "Низкая учебная мотивация обучающихся";

export const RISK_FACTORS: readonly RiskFactor[] = [
  factor("equipment", 1, "Низкий уровень оснащение", "Низкий уровень оснащения", [
    p("card.learningMaterials", "Учебные материалы", "учебные материалы", "share", "higherBetter", "доля обучающихся, полностью обеспеченных учебниками и учебными пособиями"),
    p("card.computersPer100", "Цифровое оборудование", "цифровое оборудование", "per100", "higherBetter", "число исправных компьютеров (ноутбуков, планшетов), доступных на уроках, на 100 обучающихся"),
    p("card.internetQuality", "Качество интернет-соединения", "интернет", "scale", "higherBetter", "оценка администрацией качества интернета: 1 — нет или постоянно прерывается, 4 — стабильный, хватает для онлайн-уроков и работ в компьютерной форме"),
    p(
      "card.buildingDeficits",
      "Дефициты оснащения зданий и помещения",
      "здания и помещения",
      "flag",
      "higherWorse",
      "есть ли дефициты зданий: требуется капитальный ремонт, нет водопровода, канализации или тёплых туалетов, аварийное состояние",
      "Дефициты оснащения зданий и помещений",
    ),
    p("card.classroomsNeedRepair", "Состояние классов и кабинетов", "классы и кабинеты", "share", "higherWorse", "доля учебных кабинетов, которым нужен ремонт или переоснащение"),
  ]),
  factor("staff", 2, "Дефицит педагогических кадров", "Дефицит педагогических кадров", [
    p("card.teacherVacancies", "Нехватка педагогов", "нехватка педагогов", "share", "higherWorse", "доля вакантных (не занятых основными работниками) ставок педагогов"),
    p(
      "card.supportSpecialistsMissing",
      "Нехватка психологов, логопедов, социальных педагогов",
      "психологи, логопеды, соцпедагоги",
      "share",
      "higherWorse",
      "доля из трёх специалистов (педагог-психолог, учитель-логопед, социальный педагог), которых в школе нет ни в штате, ни по совместительству",
    ),
    p("card.supportStaffVacancies", "Нехватка вспомогательного персонала", "вспомогательный персонал", "share", "higherWorse", "доля вакантных ставок учебно-вспомогательного и обслуживающего персонала"),
  ]),
  factor("competence", 3, "Недостаточная предметная и методическая компетентность педагогических работников", "Недостаточная предметная и методическая компетентность педагогических работников", [
    p("teacher.pronouncedDeficit", "Оценка профессиональных компетенций педагогов", "компетенции педагогов", "share", "higherWorse", "доля прошедших диагностику учителей, у которых есть хотя бы одна область с выраженным дефицитом"),
    p("teacher.experienceExchange", "Участие педагогов в системе обмена опытом", "обмен опытом", "share", "higherBetter", "доля учителей, которые участвуют в обмене опытом: открытые уроки, методические объединения, сетевые сообщества (ответ «Да» или «Скорее да»)"),
    p("teacher.modernTechnologies", "Использование современных педагогических технологий", "современные технологии", "scale", "higherBetter", "насколько учителя используют современные педагогические технологии (цифровые ресурсы, активные методы, почти на каждом уроке): 1 — «Нет», 4 — «Да» (среднее)"),
    p("parent.teachingDissatisfaction", "Доля родителей, неудовлетворенных преподаванием предметов", "недовольство родителей преподаванием", "share", "higherWorse", "доля родителей, скорее или полностью не удовлетворённых преподаванием хотя бы одного предмета"),
    p("teacher.confidence", "Уверенность учителей в своей педагогической компетентности", "уверенность учителей", "scale", "higherBetter", "«Я уверен(а) в своей профессиональной компетентности»: 1 — «Нет», 4 — «Да» (среднее по учителям)"),
  ]),
  factor("disabilities", 4, "Высокая доля обучающихся с ограниченными возможностями здоровья (далее – ОВЗ)", "Высокая доля обучающихся с ограниченными возможностями здоровья (ОВЗ)", [
    p("card.disabilitiesShare", "Доля обучающихся с ОВЗ", "обучающиеся с ОВЗ", "share", "higherWorse", "доля обучающихся с ОВЗ среди всех обучающихся школы"),
    p(
      "teacher.disabilitiesUnsure",
      "Доля учителей, испытывающих неуверенность при работе с обучающимся с ОВЗ",
      "неуверенность в работе с ОВЗ",
      "share",
      "higherWorse",
      "доля учителей, которые скорее или совсем не уверены в работе с обучающимися с ОВЗ",
      "Доля учителей, испытывающих неуверенность при работе с обучающимися с ОВЗ",
    ),
  ]),
  factor("language", 5, "Низкое качество преодоления языковых и культурных барьеров", "Низкое качество преодоления языковых и культурных барьеров", [
    p(
      "card.russianNotNativeOrEveryday",
      "Доля обучающихся, для которых русский язык не является родным или языком повседневного общения (по данным администрации школы)",
      "русский не родной или не язык общения",
      "share",
      "higherWorse",
      "доля обучающихся, для которых русский язык не родной ИЛИ не язык повседневного общения (достаточно одного из двух)",
    ),
    p(
      "card.russianNotEveryday",
      "Доля обучающихся, для которых русский язык не является языком повседневного общения (по данным администрации школы)",
      "русский не язык общения",
      "share",
      "higherWorse",
      "доля обучающихся, которые в повседневной жизни (дома, с друзьями) говорят не по-русски",
    ),
    p(
      "card.russianSupportCoverage",
      "Дополнительные занятия для обучающихся, для которых русский язык не является родным или языком повседневного общения",
      "доп. занятия по русскому языку",
      "share",
      "higherBetter",
      "доля обучающихся с неродным русским (или не языком общения), которые посещают дополнительные занятия по русскому языку; нет таких обучающихся — нет данных",
    ),
  ]),
  factor("motivation", 6, MOTIVATION_HEADING, MOTIVATION_HEADING, [
    p("teacher.studentMotivation", "Оценка мотивации обучающихся учителями", "мотивация глазами учителей", "scale", "higherBetter", "«Большинство учеников в моих классах хотят учиться и проявляют интерес к предмету»: 1 — «Нет», 4 — «Да» (среднее по учителям)"),
    p("student.motivation", "Уровень мотивации обучающихся (по ответам обучающихся)", "мотивация по ответам учеников", "scale", "higherBetter", "индекс учебной мотивации по ответам обучающихся: 1 — низкая, 4 — высокая (среднее)"),
    p("student.individualApproach", "Учет индивидуальных возможностей в учебном процессе", "учёт индивидуальных возможностей", "scale", "higherBetter", "«учителя дают задания с учётом моих возможностей»: 1 — никогда, 4 — почти всегда (среднее по ответам обучающихся)"),
  ]),
  factor("wellbeing", 7, MOTIVATION_HEADING, "Пониженный уровень школьного благополучия", [
    p("student.bullying", "Ситуации конфликтов и буллинга в школе (по ответам учащихся)", "конфликты и буллинг", "share", "higherWorse", "доля обучающихся, которые за последние месяцы несколько раз сталкивались с травлей, оскорблениями или драками в школе"),
    p("teacher.staffRelations", "Отношения в педагогическом коллективе (по ответам учителей)", "отношения в коллективе", "scale", "higherBetter", "«Отношения в нашем педагогическом коллективе доброжелательные»: 1 — «Нет» (напряжённые), 4 — «Да» (среднее по учителям)"),
    p("student.unfairTreatment", "Доля обучающихся, столкнувшихся с несправедливым отношением учителей к себе", "несправедливость учителей", "share", "higherWorse", "доля обучающихся, которые ответили, что в этом учебном году учителя несколько раз или часто относились к ним несправедливо"),
  ]),
  factor("discipline", 8, MOTIVATION_HEADING, "Низкий уровень дисциплины в классах", [
    p("student.disciplineViolations", "Частота нарушения дисциплины в школе (по ответам обучающихся)", "нарушения дисциплины", "scale", "higherWorse", "как часто на уроках шумят и мешают работать: 1 — почти никогда, 4 — на каждом уроке (среднее по ответам обучающихся)"),
    p("teacher.disciplineLevel", "Оценка уровня дисциплины в школе (по ответам учителей)", "дисциплина глазами учителей", "scale", "higherBetter", "«На моих уроках ученики соблюдают дисциплину»: 1 — «Нет», 4 — «Да» (среднее по учителям)"),
  ]),
  factor("failureRisk", 9, "Высокая доля обучающихся с рисками учебной неуспешности", "Высокая доля обучающихся с рисками учебной неуспешности", [
    p(
      "card.lowSocialWellbeing",
      "Доля обучающихся с низким индексом социального благополучия",
      "низкое социальное благополучие",
      "share",
      "higherWorse",
      "доля обучающихся хотя бы из одной группы социального риска по социальному паспорту (малоимущие семьи; ни у одного из родителей нет высшего образования; родители не работают; опека; внутришкольный учёт, учёт в ПДН или КДН; социально опасное положение), каждый учтён один раз",
    ),
    p(
      "teacher.extraClassesRecommended",
      "Доля обучающихся, которым учителя рекомендуют дополнительные занятия с целью ликвидации отставания от учебной программы",
      "рекомендованы доп. занятия",
      "share",
      "higherWorse",
      "доля учителей, которые рекомендуют дополнительные занятия из-за отставания от программы четверти и более учеников своих классов (ответ «Да» или «Скорее да»)",
    ),
  ]),
  factor("parents", 10, "Низкий уровень вовлеченности родителей", "Низкий уровень вовлеченности родителей", [
    p("parent.schoolInterest", "Степень незаинтересованности учебным процессом со стороны родителей", "интерес родителей к учёбе", "scale", "higherBetter", "интерес родителей к школьной жизни и учёбе ребёнка: 1 — не интересуюсь, 4 — слежу постоянно (среднее по ответам родителей; низкий интерес — высокая незаинтересованность)"),
    p("parent.studySupport", "Проявление родителями поддержки детей в учебе", "поддержка детей в учёбе", "scale", "higherBetter", "как часто родители помогают ребёнку с учёбой, обсуждают оценки и планы: 1 — никогда, 4 — регулярно (среднее)"),
    p("parent.meetingAttendance", "Доля родителей, регулярно посещающих родительские собрания", "посещение собраний", "share", "higherBetter", "доля родителей, которые были на всех или почти всех родительских собраниях за год"),
  ]),
];

export const RISK_PARAMETERS: readonly RiskParameter[] = RISK_FACTORS.flatMap((f) => f.parameters);

const byKey = new Map(RISK_PARAMETERS.map((parameter) => [parameter.key, parameter]));
export const riskParameter = (key: RiskSourceKey): RiskParameter => byKey.get(key)!;

const factorOf = new Map(RISK_FACTORS.flatMap((f) => f.parameters.map((parameter) => [parameter.key, f] as const)));
export const factorOfParameter = (key: RiskSourceKey): RiskFactor => factorOf.get(key)!;
