import { DEFAULT_METHODOLOGY } from "../methodology/settings.ts";
import { deficitProfile } from "../diagnostic/profile.ts";
import { PARENT_SURVEY_KEY } from "../instruments/parent-survey.ts";
import { SCHOOL_CARD_KEY } from "../instruments/school-card.ts";
import { STUDENT_SURVEY_KEY } from "../instruments/student-survey.ts";
import { TEACHER_DIAGNOSTIC_KEY, teacherDiagnosticV2 } from "../instruments/teacher-diagnostic.ts";
import { NO, YES } from "../instruments/schema.ts";
import { likertScores } from "../survey/scoring.ts";
import type { AnswerValue } from "../survey/answers.ts";
import { cardText, RISK_GROUP_NAMES } from "../messages/risk-sources.ts";
import { PER100_MAX } from "./settings.ts";
import { SCALE_MAX, SCALE_MIN, SOURCE_KEYS, type RiskInstrument, type RiskSourceKey } from "./catalog.ts";
import type { RiskProfileInput, RiskValue } from "./profile.ts";

/**
 * Where each of the 31 risk-profile parameters (seed 004's appendix, core/risk-profile/catalog.ts) comes from: which
 * built-in instrument's questions and how the school's answers become the parameter's value. The question ids are
 * those of the built-in instruments (core/instruments/*.ts); a district's own version keeps them to stay mapped.
 *
 * Kinds of computation:
 * - the card's numbers: a ratio of two counts (a share) or per 100 students; a yes/no; a 1..4 option;
 * - a share of respondents: those who gave one of the named answers among those who answered the question
 *   («Затрудняюсь ответить», skips and unanswered questions count in neither);
 * - a mean on the 1..4 scale: each respondent's mean over the named questions (reverse statements flipped), then the
 *   mean over respondents.
 * A questionnaire parameter that fewer than `minRespondents` people answered has no value (the release rule,
 * DOMAIN.md §4), whatever the questionnaire's own count of respondents; inconsistent card figures (more students
 * with textbooks than students) give no value either, and `cardProblems` names them.
 */

export type Answers = ReadonlyMap<string, AnswerValue>;

export interface RiskResponses {
  /** The school's latest completed self-analysis card, or null. */
  card: Answers | null;
  /** Completed responses of the school's teachers to the deficit diagnostic (any version). */
  teacher: readonly Answers[];
  student: readonly Answers[];
  parent: readonly Answers[];
}

export interface RiskSourceOptions {
  /** The release minimum (the district's `minRespondents`); default: the default methodology's. */
  minRespondents?: number;
  /** The deficit level (0–100) from which an area is a pronounced deficit; default: the default methodology's. */
  pronouncedDeficit?: number;
}

export interface RiskSource {
  instrumentKey: string;
  questionIds: string[];
  /** How the value is computed, in Russian, for the README and the page. */
  how: string;
}

interface Context {
  minRespondents: number;
  pronouncedDeficit: number;
}

type Compute = (responses: RiskResponses, ctx: Context) => RiskValue;

interface Definition extends RiskSource {
  compute: Compute;
}

// ---------- reading answers ----------

const intOf = (answer: AnswerValue | undefined): number | null => (answer?.kind === "int" ? answer.value : null);
const numberOf = (answer: AnswerValue | undefined): number | null =>
  answer?.kind === "number" || answer?.kind === "int" ? answer.value : null;
const yesOf = (answer: AnswerValue | undefined): boolean | null => {
  const value = intOf(answer);
  return value === YES ? true : value === NO ? false : null;
};
const onScale = (value: number | null): value is number => value !== null && value >= SCALE_MIN && value <= SCALE_MAX;
const mean = (values: readonly number[]): number | null => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

/** Share of respondents whose answer to `questionId` is one of `hits`, among those whose answer is one of `counted`. */
function shareOf(answers: readonly Answers[], questionId: string, hits: readonly number[], counted: readonly number[], ctx: Context): number | null {
  let n = 0;
  let k = 0;
  for (const response of answers) {
    const value = intOf(response.get(questionId));
    if (value === null || !counted.includes(value)) continue;
    n += 1;
    if (hits.includes(value)) k += 1;
  }
  return n >= ctx.minRespondents ? k / n : null;
}

/** Share of respondents who answered «Да», among those who answered «Да» or «Нет». */
const shareYes = (answers: readonly Answers[], questionId: string, ctx: Context) => shareOf(answers, questionId, [YES], [YES, NO], ctx);

/**
 * Mean on the 1..4 scale: each respondent's mean over the questions they answered on the scale (a question in
 * `reverse` flipped: 1 ↔ 4), then the mean over the respondents with a value.
 */
function meanOf(answers: readonly Answers[], questionIds: readonly string[], ctx: Context, reverse: readonly string[] = []): number | null {
  const perRespondent = answers.flatMap((response) => {
    const own = questionIds.flatMap((id) => {
      const value = intOf(response.get(id));
      if (!onScale(value)) return [];
      return [reverse.includes(id) ? SCALE_MAX + SCALE_MIN - value : value];
    });
    const m = mean(own);
    return m === null ? [] : [m];
  });
  return perRespondent.length >= ctx.minRespondents ? mean(perRespondent) : null;
}

/** numerator / denominator × per from the card's counts; null when either is missing or they contradict each other. */
function ratio(card: Answers | null, numerator: string, denominator: string, per = 1, max = 1): number | null {
  if (!card) return null;
  const top = numberOf(card.get(numerator));
  const bottom = numberOf(card.get(denominator));
  if (top === null || bottom === null || bottom <= 0 || top < 0) return null;
  const value = (top / bottom) * per;
  return value > max ? null : value;
}

// ---------- the teacher diagnostic ----------

/** The competence areas of the diagnostic: well-being (confidence, burnout) and the class situation are not competences. */
export const COMPETENCE_AREAS = ["fgos", "assessment", "literacy", "at_risk", "disabilities", "bilingual", "data_use", "technology"] as const;

/** Whether a teacher has at least one competence area with a pronounced deficit; null when they answered none. */
function hasPronouncedDeficit(answers: Answers, ctx: Context): boolean | null {
  const scores = likertScores(teacherDiagnosticV2, answers);
  const profile = deficitProfile(teacherDiagnosticV2, scores, { ...DEFAULT_METHODOLOGY, pronouncedDeficit: ctx.pronouncedDeficit });
  const competences = profile.areas.filter((area) => (COMPETENCE_AREAS as readonly string[]).includes(area.areaId));
  if (!competences.length) return null;
  return competences.some((area) => area.deficit >= ctx.pronouncedDeficit);
}

/** Whether a teacher is unsure working with students with ОВЗ: ovz_3 «скорее нет»/«нет», or (version 1) the mean of ovz_1, ovz_2 below the middle. */
function unsureWithDisabilities(answers: Answers): boolean | null {
  const direct = intOf(answers.get("ovz_3"));
  if (onScale(direct)) return direct <= 2;
  const m = mean(["ovz_1", "ovz_2"].flatMap((id) => {
    const value = intOf(answers.get(id));
    return onScale(value) ? [value] : [];
  }));
  return m === null ? null : m < (SCALE_MIN + SCALE_MAX) / 2;
}

function shareOfTeachers(teachers: readonly Answers[], test: (answers: Answers) => boolean | null, ctx: Context): number | null {
  const verdicts = teachers.map(test).filter((verdict): verdict is boolean => verdict !== null);
  return verdicts.length >= ctx.minRespondents ? verdicts.filter(Boolean).length / verdicts.length : null;
}

// ---------- the mapping ----------

const AGREE = [3, 4];
const DISAGREE = [1, 2];
const SCALE = [1, 2, 3, 4];

const card = (questionIds: string[], how: string, compute: (card: Answers) => RiskValue): Definition => ({
  instrumentKey: SCHOOL_CARD_KEY,
  questionIds,
  how,
  compute: (responses) => (responses.card ? compute(responses.card) : null),
});
const teacher = (questionIds: string[], how: string, compute: (teachers: readonly Answers[], ctx: Context) => RiskValue): Definition => ({
  instrumentKey: TEACHER_DIAGNOSTIC_KEY,
  questionIds,
  how,
  compute: (responses, ctx) => compute(responses.teacher, ctx),
});
const student = (questionIds: string[], how: string, compute: (students: readonly Answers[], ctx: Context) => RiskValue): Definition => ({
  instrumentKey: STUDENT_SURVEY_KEY,
  questionIds,
  how,
  compute: (responses, ctx) => compute(responses.student, ctx),
});
const parent = (questionIds: string[], how: string, compute: (parents: readonly Answers[], ctx: Context) => RiskValue): Definition => ({
  instrumentKey: PARENT_SURVEY_KEY,
  questionIds,
  how,
  compute: (responses, ctx) => compute(responses.parent, ctx),
});

/** The language questions are asked only when the school has such students: «Нет» means a share of 0. */
const languageShare = (answers: Answers, countId: string): number | null => {
  const any = yesOf(answers.get("language_any"));
  if (any === false) return 0;
  if (any === null) return null;
  return ratio(answers, countId, "students_total");
};

const SPECIALISTS = ["has_psychologist", "has_speech_therapist", "has_social_pedagogue"];

const DEFINITIONS: Record<RiskSourceKey, Definition> = {
  "card.learningMaterials": card(["textbooks_full", "students_total"], "Карта самоанализа: обеспеченные учебниками / все обучающиеся.", (c) =>
    ratio(c, "textbooks_full", "students_total"),
  ),
  "card.computersPer100": card(["computers", "students_total"], "Карта: исправные компьютеры, доступные на уроках, × 100 / все обучающиеся.", (c) =>
    ratio(c, "computers", "students_total", 100, PER100_MAX),
  ),
  "card.internetQuality": card(["internet"], "Карта: выбранный вариант о качестве интернета, от 1 (нет или постоянно прерывается) до 4 (стабильный).", (c) => {
    const value = intOf(c.get("internet"));
    return onScale(value) ? value : null;
  }),
  "card.buildingDeficits": card(["building_deficits"], "Карта: ответ «Да» на вопрос о дефицитах зданий и помещений.", (c) => yesOf(c.get("building_deficits"))),
  "card.classroomsNeedRepair": card(["classrooms_repair", "classrooms_total"], "Карта: кабинеты, которым нужен ремонт или переоснащение / все учебные кабинеты.", (c) =>
    ratio(c, "classrooms_repair", "classrooms_total"),
  ),
  "card.teacherVacancies": card(["teacher_vacancies", "teacher_positions"], "Карта: вакантные ставки педагогов / все ставки педагогов по штатному расписанию.", (c) =>
    ratio(c, "teacher_vacancies", "teacher_positions"),
  ),
  "card.supportSpecialistsMissing": card(
    SPECIALISTS,
    "Карта: сколько из трёх специалистов (педагог-психолог, учитель-логопед, социальный педагог) в школе нет, делённое на 3.",
    (c) => {
      const present = SPECIALISTS.map((id) => yesOf(c.get(id)));
      if (present.some((value) => value === null)) return null;
      return present.filter((value) => value === false).length / SPECIALISTS.length;
    },
  ),
  "card.supportStaffVacancies": card(["support_vacancies", "support_positions"], "Карта: вакантные ставки вспомогательного и обслуживающего персонала / все такие ставки.", (c) =>
    ratio(c, "support_vacancies", "support_positions"),
  ),
  "teacher.pronouncedDeficit": teacher(
    teacherDiagnosticV2.questions.filter((q) => (COMPETENCE_AREAS as readonly string[]).includes(q.areaId)).map((q) => q.id),
    "Диагностика педагога: доля учителей, у которых хотя бы в одной предметной или методической области (кроме «уверенности и выгорания» и «ситуации в классах») дефицит не ниже порога выраженного дефицита методики района (по умолчанию 50 из 100).",
    (teachers, ctx) => shareOfTeachers(teachers, (answers) => hasPronouncedDeficit(answers, ctx), ctx),
  ),
  "teacher.experienceExchange": teacher(["tech_3"], "Диагностика педагога: доля учителей, ответивших «Да» или «Скорее да» на утверждение об участии в обмене опытом (открытые уроки, методобъединения, сетевые сообщества).", (teachers, ctx) =>
    shareOf(teachers, "tech_3", AGREE, SCALE, ctx),
  ),
  "teacher.modernTechnologies": teacher(
    ["tech_1", "tech_2", "tech_4"],
    "Диагностика педагога: среднее по шкале 1–4 (1 — «Нет», 4 — «Да») утверждений об использовании цифровых ресурсов, активных методов и современных технологий почти на каждом уроке: сначала по каждому учителю, затем по учителям.",
    (teachers, ctx) => meanOf(teachers, ["tech_1", "tech_2", "tech_4"], ctx),
  ),
  "parent.teachingDissatisfaction": parent(["p_dissatisfied"], "Анкета родителей: доля ответивших «Да» на вопрос, есть ли предметы, преподаванием которых они скорее или полностью не удовлетворены (среди ответивших «Да» или «Нет»).", (parents, ctx) =>
    shareYes(parents, "p_dissatisfied", ctx),
  ),
  "teacher.confidence": teacher(["well_1"], "Диагностика педагога: среднее по шкале 1–4 утверждения «Я уверен(а) в своей профессиональной компетентности».", (teachers, ctx) =>
    meanOf(teachers, ["well_1"], ctx),
  ),
  "card.disabilitiesShare": card(["students_ovz", "students_total"], "Карта: обучающиеся с ОВЗ / все обучающиеся.", (c) => ratio(c, "students_ovz", "students_total")),
  "teacher.disabilitiesUnsure": teacher(
    ["ovz_3", "ovz_1", "ovz_2"],
    "Диагностика педагога: доля учителей, ответивших «Нет» или «Скорее нет» на «Я чувствую себя уверенно, когда работаю с обучающимися с ОВЗ»; у ответивших на версию 1 (без этого вопроса) — среднее двух вопросов об ОВЗ ниже середины шкалы.",
    (teachers, ctx) => shareOfTeachers(teachers, unsureWithDisabilities, ctx),
  ),
  "card.russianNotNativeOrEveryday": card(
    ["language_any", "lang_either", "students_total"],
    "Карта: обучающиеся, для которых русский язык не родной ИЛИ не язык повседневного общения (каждый один раз) / все обучающиеся; ответ «Нет» на вопрос, есть ли такие, — 0.",
    (c) => languageShare(c, "lang_either"),
  ),
  "card.russianNotEveryday": card(
    ["language_any", "lang_not_everyday", "students_total"],
    "Карта: обучающиеся, которые в повседневной жизни говорят не по-русски / все обучающиеся; ответ «Нет» на вопрос, есть ли такие, — 0.",
    (c) => {
      const either = numberOf(c.get("lang_either"));
      const everyday = numberOf(c.get("lang_not_everyday"));
      if (either !== null && everyday !== null && everyday > either) return null;
      return languageShare(c, "lang_not_everyday");
    },
  ),
  "card.russianSupportCoverage": card(
    ["language_any", "lang_support", "lang_either"],
    "Карта: посещающие дополнительные занятия по русскому языку / обучающиеся, для которых русский не родной или не язык общения; если таких нет — нет данных.",
    (c) => (yesOf(c.get("language_any")) === true ? ratio(c, "lang_support", "lang_either") : null),
  ),
  "teacher.studentMotivation": teacher(["class_1"], "Диагностика педагога (версия 2): среднее по шкале 1–4 утверждения «Большинство учеников в моих классах хотят учиться и проявляют интерес к предмету».", (teachers, ctx) =>
    meanOf(teachers, ["class_1"], ctx),
  ),
  "student.motivation": student(
    ["s_mot_interest", "s_mot_effort", "s_mot_future", "s_mot_forced"],
    "Анкета обучающихся: среднее по шкале 1–4 четырёх утверждений о мотивации (утверждение «хожу в школу только потому, что надо» перевёрнуто: «Да» — 1), сначала по каждому ученику, затем по ученикам.",
    (students, ctx) => meanOf(students, ["s_mot_interest", "s_mot_effort", "s_mot_future", "s_mot_forced"], ctx, ["s_mot_forced"]),
  ),
  "student.individualApproach": student(["s_individual"], "Анкета обучающихся: среднее выбранных вариантов о заданиях с учётом возможностей, от 1 («Почти никогда») до 4 («Почти всегда»).", (students, ctx) =>
    meanOf(students, ["s_individual"], ctx),
  ),
  "student.bullying": student(["s_bullying"], "Анкета обучающихся: доля ответивших «Несколько раз» или «Часто» на вопрос о травле, оскорблениях и драках за три месяца (среди ответивших; «Затрудняюсь ответить» не считается).", (students, ctx) =>
    shareOf(students, "s_bullying", [3, 4], SCALE, ctx),
  ),
  "teacher.staffRelations": teacher(["well_5"], "Диагностика педагога (версия 2): среднее по шкале 1–4 утверждения «Отношения в нашем педагогическом коллективе доброжелательные».", (teachers, ctx) =>
    meanOf(teachers, ["well_5"], ctx),
  ),
  "student.unfairTreatment": student(["s_unfair"], "Анкета обучающихся: доля ответивших «Несколько раз» или «Часто» на вопрос о несправедливом отношении учителей в этом учебном году.", (students, ctx) =>
    shareOf(students, "s_unfair", [3, 4], SCALE, ctx),
  ),
  "student.disciplineViolations": student(["s_noise"], "Анкета обучающихся: среднее выбранных вариантов «как часто на уроках шумят и мешают», от 1 («Почти никогда») до 4 («Почти на каждом уроке»).", (students, ctx) =>
    meanOf(students, ["s_noise"], ctx),
  ),
  "teacher.disciplineLevel": teacher(["class_2"], "Диагностика педагога (версия 2): среднее по шкале 1–4 утверждения «На моих уроках ученики соблюдают дисциплину».", (teachers, ctx) =>
    meanOf(teachers, ["class_2"], ctx),
  ),
  "card.lowSocialWellbeing": card(
    ["sp_any_risk", "students_total"],
    "Карта, социальный паспорт: обучающиеся хотя бы в одной группе социального риска (каждый один раз) / все обучающиеся.",
    (c) => {
      const any = numberOf(c.get("sp_any_risk"));
      const groups = Object.keys(RISK_GROUP_NAMES).flatMap((id) => {
        const value = numberOf(c.get(id));
        return value === null ? [] : [value];
      });
      if (any !== null && groups.some((value) => value > any)) return null;
      return ratio(c, "sp_any_risk", "students_total");
    },
  ),
  "teacher.extraClassesRecommended": teacher(
    ["class_4"],
    "Диагностика педагога (версия 2): доля учителей, ответивших «Да» или «Скорее да» на «Дополнительные занятия, чтобы ликвидировать отставание, я рекомендую четверти и более учеников своих классов».",
    (teachers, ctx) => shareOf(teachers, "class_4", AGREE, SCALE, ctx),
  ),
  "parent.schoolInterest": parent(["p_interest"], "Анкета родителей: среднее выбранных вариантов, от 1 («Почти не слежу») до 4 («Слежу постоянно»).", (parents, ctx) =>
    meanOf(parents, ["p_interest"], ctx),
  ),
  "parent.studySupport": parent(["p_support"], "Анкета родителей: среднее выбранных вариантов о помощи ребёнку с учёбой, от 1 («Никогда») до 4 («Регулярно»).", (parents, ctx) =>
    meanOf(parents, ["p_support"], ctx),
  ),
  "parent.meetingAttendance": parent(
    ["p_meetings"],
    "Анкета родителей: доля ответивших «На всех или почти на всех» собраниях (среди ответивших; «Собраний ещё не было» не считается).",
    (parents, ctx) => shareOf(parents, "p_meetings", [4], SCALE, ctx),
  ),
};

/** For every parameter: the instrument, its questions and how the value is computed (Russian). */
export const RISK_SOURCES: Record<RiskSourceKey, RiskSource> = Object.fromEntries(
  SOURCE_KEYS.map((key) => {
    const { instrumentKey, questionIds, how } = DEFINITIONS[key];
    return [key, { instrumentKey, questionIds, how }];
  }),
) as Record<RiskSourceKey, RiskSource>;

/** Which built-in instrument each questionnaire of the profile is. */
export const RISK_INSTRUMENT_KEYS: Record<RiskInstrument, string> = {
  card: SCHOOL_CARD_KEY,
  teacher: TEACHER_DIAGNOSTIC_KEY,
  student: STUDENT_SURVEY_KEY,
  parent: PARENT_SURVEY_KEY,
};

/**
 * The profile's input from a school's completed responses: every parameter's value (null: no data) and how many
 * answered each questionnaire (the card: 1 when there is one). Unused answers are ignored; nothing leaves but the
 * aggregates.
 */
export type RiskInputFromResponses = RiskProfileInput & { respondents: Record<RiskInstrument, number> };

export function riskInputFromResponses(input: RiskResponses, options: RiskSourceOptions = {}): RiskInputFromResponses {
  const ctx: Context = {
    minRespondents: options.minRespondents ?? DEFAULT_METHODOLOGY.minRespondents,
    pronouncedDeficit: options.pronouncedDeficit ?? DEFAULT_METHODOLOGY.pronouncedDeficit,
  };
  const values: RiskProfileInput["values"] = {};
  for (const key of SOURCE_KEYS) values[key] = DEFINITIONS[key].compute(input, ctx);
  return {
    values,
    respondents: { card: input.card ? 1 : 0, teacher: input.teacher.length, student: input.student.length, parent: input.parent.length },
  };
}

// ---------- checking the card ----------

export interface CardProblem {
  /** The questions to look at again. */
  questionIds: string[];
  message: string;
}

/** Pairs of the card's counts where the first is a part of the second. */
const PARTS: Array<[string, string]> = [
  ["textbooks_full", "students_total"],
  ["classrooms_repair", "classrooms_total"],
  ["teacher_vacancies", "teacher_positions"],
  ["teachers_young", "teachers_total"],
  ["teachers_retired", "teachers_total"],
  ["support_vacancies", "support_positions"],
  ["students_ovz", "students_total"],
  ["lang_either", "students_total"],
  ["lang_not_everyday", "lang_either"],
  ["lang_support", "lang_either"],
  ["sp_any_risk", "students_total"],
  ...Object.keys(RISK_GROUP_NAMES).map((group): [string, string] => [group, "students_total"]),
];

/**
 * Figures of a self-analysis card that contradict each other (a part larger than its whole, the risk groups' total
 * below one group, implausibly many computers), in Russian: the form can show them, and the parameters they feed
 * have no value until they are corrected.
 */
export function cardProblems(answers: Answers): CardProblem[] {
  const problems: CardProblem[] = [];
  const n = (id: string) => numberOf(answers.get(id));
  for (const [part, whole] of PARTS) {
    const a = n(part);
    const b = n(whole);
    if (a !== null && b !== null && a > b) problems.push({ questionIds: [part, whole], message: cardText.partOverWhole(part, a, whole, b) });
  }
  const any = n("sp_any_risk");
  if (any !== null) {
    for (const [group, groupName] of Object.entries(RISK_GROUP_NAMES)) {
      const value = n(group);
      if (value !== null && value > any) problems.push({ questionIds: ["sp_any_risk", group], message: cardText.anyRiskBelowGroup(groupName, value, any) });
    }
  }
  const computers = n("computers");
  const students = n("students_total");
  if (computers !== null && students !== null && students > 0 && (computers / students) * 100 > PER100_MAX) {
    problems.push({ questionIds: ["computers", "students_total"], message: cardText.tooManyComputers((computers / students) * 100, PER100_MAX) });
  }
  return problems;
}
