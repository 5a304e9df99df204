import { z } from "zod";
import { DEFAULT_METHODOLOGY } from "../methodology/settings.ts";
import { FACTOR_IDS, RISK_FACTORS, SCALE_MAX, SCALE_MIN, SOURCE_KEYS, riskParameter, type RiskFactorId, type RiskSourceKey } from "./catalog.ts";

/**
 * The district's risk-profile settings (DOMAIN.md §6): a threshold per parameter and a rule per factor.
 * Versioned data validated by zod, like the identification methodology: storage sets `version`, a computed
 * profile keeps the version it used, so a later change never rewrites a past profile.
 *
 * Seed 004's table leaves «Результат» and «Фиксация риска» empty: it gives no thresholds and no rule. Every default
 * below is OUR OWN, with its reasoning in `note`; a district may change any of them.
 *
 * How a threshold reads: it is the edge of the risk zone and belongs to it.
 * - higherWorse: the parameter crosses its threshold when value ≥ threshold (a share of bullied students ≥ 20 %);
 * - higherBetter: it crosses when value ≤ threshold (a mean confidence ≤ 2.5 of 4);
 * - yes/no parameters have no threshold (null): "yes" crosses when yes is the worse side, "no" when no is.
 */

export const FactorRuleSchema = z.discriminatedUnion("rule", [
  /** Our default: at least ⌈n/2⌉ of the n parameters that have data cross their thresholds. */
  z.object({ rule: z.literal("half") }),
  /** At least `count` parameters cross their thresholds (count 1 = any one). */
  z.object({ rule: z.literal("atLeast"), count: z.number().int().min(1).max(5) }),
]);
export type FactorRule = z.infer<typeof FactorRuleSchema>;

export const ParameterSettingSchema = z.object({
  /** null only for yes/no parameters. */
  threshold: z.number().finite().nullable(),
  /** A parameter the district switched off counts as having no data. */
  enabled: z.boolean(),
  /** Why this threshold, in Russian: shown beside the rule so that anyone can read it. */
  note: z.string().trim().max(300).optional(),
});
export type ParameterSetting = z.infer<typeof ParameterSettingSchema>;

/** Upper bound of a "per 100 students" value: a school can have more devices than students, not ten times more. */
export const PER100_MAX = 1000;

export const RiskSettingsSchema = z
  .object({
    /** Set by storage (0 = not stored yet). */
    version: z.number().int().min(0),
    /**
     * Fewer answers than this to a questionnaire (teacher, student, parent) and its parameters count as having no
     * data: no figure under the release minimum is shown (DOMAIN.md §4). Take it from the district's methodology.
     */
    minRespondents: z.number().int().min(1).max(100),
    parameters: z.record(z.enum(SOURCE_KEYS), ParameterSettingSchema),
    factors: z.record(z.enum(FACTOR_IDS), FactorRuleSchema),
  })
  .superRefine((settings, ctx) => {
    for (const key of SOURCE_KEYS) {
      const setting = settings.parameters[key];
      if (!setting) continue;
      const { kind } = riskParameter(key);
      const path = ["parameters", key, "threshold"];
      const t = setting.threshold;
      if (kind === "flag") {
        if (t !== null) ctx.addIssue({ code: "custom", path, message: "у параметра «да/нет» порога нет" });
        continue;
      }
      if (t === null) ctx.addIssue({ code: "custom", path, message: "нужен порог" });
      else if (kind === "share" && (t < 0 || t > 1)) ctx.addIssue({ code: "custom", path, message: "порог доли — от 0 до 1" });
      else if (kind === "scale" && (t < SCALE_MIN || t > SCALE_MAX)) ctx.addIssue({ code: "custom", path, message: `порог по шкале — от ${SCALE_MIN} до ${SCALE_MAX}` });
      else if (kind === "per100" && (t < 0 || t > PER100_MAX)) ctx.addIssue({ code: "custom", path, message: `порог на 100 обучающихся — от 0 до ${PER100_MAX}` });
    }
    for (const factor of RISK_FACTORS) {
      const rule = settings.factors[factor.id];
      if (rule?.rule === "atLeast" && rule.count > factor.parameters.length) {
        ctx.addIssue({ code: "custom", path: ["factors", factor.id, "count"], message: `у фактора всего ${factor.parameters.length} параметров` });
      }
      if (factor.parameters.every((parameter) => settings.parameters[parameter.key]?.enabled === false)) {
        ctx.addIssue({ code: "custom", path: ["factors", factor.id], message: "у фактора выключены все параметры" });
      }
    }
  });
export type RiskSettings = z.infer<typeof RiskSettingsSchema>;

const on = (threshold: number | null, note: string): ParameterSetting => ({ threshold, enabled: true, note });

/**
 * Our default thresholds (none come from the seed). Scale means use the instruments' 1..4 scale, whose middle is 2.5:
 * a mean on the bad side of the middle means most answers are on the bad side.
 */
export const DEFAULT_THRESHOLDS: Record<RiskSourceKey, ParameterSetting> = {
  "card.learningMaterials": on(0.95, "Учебниками обеспечиваются все; если без полного комплекта каждый двадцатый ученик и больше, это уже не случайность."),
  "card.computersPer100": on(8, "8 на 100 — один компьютер на 12–13 учеников: технику делят между классами, цифровые задания на уроках — редкость."),
  "card.internetQuality": on(2, "Оценка 2 — «часто прерывается»: онлайн-уроки и работы в компьютерной форме под угрозой срыва."),
  "card.buildingDeficits": on(null, "Любой такой дефицит (аварийность, капремонт, нет водопровода или тёплых туалетов) уже мешает учёбе."),
  "card.classroomsNeedRepair": on(0.25, "Ремонт или переоснащение нужны каждому четвёртому кабинету и больше: это состояние школы, а не частный случай."),
  "card.teacherVacancies": on(0.05, "Пустует хотя бы одна ставка из двадцати: часть часов ведут перегруженные коллеги или не по специальности."),
  "card.supportSpecialistsMissing": on(0.33, "Нет хотя бы одного из трёх специалистов (1/3): дети с трудностями остаются без его помощи."),
  "card.supportStaffVacancies": on(0.1, "Пустует каждая десятая ставка и больше: эту работу делят оставшиеся, в том числе учителя."),
  "teacher.pronouncedDeficit": on(0.3, "Выраженный дефицит почти у каждого третьего учителя: нужна работа со всем коллективом, а не с отдельными педагогами."),
  "teacher.experienceExchange": on(0.5, "В обмене опытом участвует половина учителей или меньше: он не стал нормой коллектива."),
  "teacher.modernTechnologies": on(2.5, "Среднее не выше середины шкалы: современные технологии чаще не используют, чем используют."),
  "parent.teachingDissatisfaction": on(0.25, "Недоволен каждый четвёртый родитель и больше: это мнение заметной части семей, а не отдельные жалобы."),
  "teacher.confidence": on(2.5, "Среднее не выше середины шкалы: учителя в целом скорее не уверены в своей компетентности."),
  "card.disabilitiesShare": on(0.1, "Каждый десятый ученик с ОВЗ и больше: инклюзия касается почти каждого класса."),
  "teacher.disabilitiesUnsure": on(0.3, "Почти каждый третий учитель не уверен в работе с детьми с ОВЗ: им не хватит поддержки коллег."),
  "card.russianNotNativeOrEveryday": on(0.1, "Каждый десятый ученик и больше: почти в каждом классе есть дети, которым трудно учиться на русском."),
  "card.russianNotEveryday": on(0.05, "Вне уроков не говорят по-русски — язык не закрепляется; группа уже и труднее, поэтому порог ниже: 5 %."),
  "card.russianSupportCoverage": on(0.5, "Дополнительные занятия посещает половина таких учеников или меньше: остальные остаются без поддержки."),
  "teacher.studentMotivation": on(2.5, "Среднее не выше середины шкалы: учителя считают мотивацию учеников скорее низкой."),
  "student.motivation": on(2.5, "Среднее не выше середины шкалы: сами ученики скорее не хотят учиться."),
  "student.individualApproach": on(2.5, "Среднее не выше середины шкалы: ученики чаще не видят заданий по своим силам."),
  "student.bullying": on(0.2, "С травлей или драками сталкивался каждый пятый ученик и больше: это не отдельные случаи."),
  "teacher.staffRelations": on(2.5, "Среднее не выше середины шкалы: учителя считают отношения в коллективе скорее напряжёнными."),
  "student.unfairTreatment": on(0.2, "Несправедливость учителей отмечает каждый пятый ученик и больше."),
  "student.disciplineViolations": on(2.5, "Среднее не ниже середины шкалы: по словам учеников, шумят и мешают на большинстве уроков."),
  "teacher.disciplineLevel": on(2.5, "Среднее не выше середины шкалы: учителя оценивают дисциплину скорее как низкую."),
  "card.lowSocialWellbeing": on(0.3, "Почти каждый третий ученик из группы социального риска: школе нужны компенсирующие меры."),
  "teacher.extraClassesRecommended": on(0.25, "Каждый четвёртый учитель и больше рекомендует дополнительные занятия четверти своих учеников и больше: отставание массовое, а не отдельное."),
  "parent.schoolInterest": on(2.5, "Среднее не выше середины шкалы: родители скорее не следят за учёбой детей."),
  "parent.studySupport": on(2.5, "Среднее не выше середины шкалы: дома учёбу скорее не поддерживают."),
  "parent.meetingAttendance": on(0.5, "На собрания регулярно ходит половина родителей или меньше: до остальных школа не достучится этим путём."),
};

export const DEFAULT_RISK_SETTINGS: RiskSettings = RiskSettingsSchema.parse({
  version: 0,
  minRespondents: DEFAULT_METHODOLOGY.minRespondents,
  parameters: DEFAULT_THRESHOLDS,
  factors: Object.fromEntries(FACTOR_IDS.map((id) => [id, { rule: "half" }])) as Record<RiskFactorId, FactorRule>,
});

