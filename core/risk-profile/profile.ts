import { z } from "zod";
import { DomainError } from "../errors.ts";
import { explainFactor } from "../messages/risk-profile.ts";
import {
  RISK_FACTORS,
  RISK_INSTRUMENTS,
  SCALE_MAX,
  SCALE_MIN,
  SOURCE_KEYS,
  riskParameter,
  type Direction,
  type RiskFactorId,
  type RiskInstrument,
  type RiskSourceKey,
  type ValueKind,
} from "./catalog.ts";
import { PER100_MAX, type FactorRule, type RiskSettings } from "./settings.ts";

/**
 * A school's risk profile for one year (DOMAIN.md §6): every parameter against its threshold, every factor's risk
 * by the district's rule, and a 0..1 score per factor for the radar. Pure and deterministic: the same input and
 * settings give the same profile, in the catalog's order.
 */

export type RiskValue = number | boolean | null;

export interface RiskProfileInput {
  /** The school's aggregated values by source key; a missing key or null is "no data". */
  values: Partial<Record<RiskSourceKey, RiskValue>>;
  /**
   * How many answered each questionnaire. Below the settings' minimum a questionnaire's parameters count as having no
   * data. Absent: the caller vouches that the values already passed the release rules. The card has one respondent,
   * the administration, and is never checked.
   */
  respondents?: Partial<Record<RiskInstrument, number>>;
}

/** The district's averages to draw against: factor scores (radar) and parameter values (table). */
export interface DistrictAverages {
  scores?: Partial<Record<RiskFactorId, number | null>>;
  values?: Partial<Record<RiskSourceKey, number | null>>;
}

/** Why a parameter has no value. */
export type MissingReason = "no_value" | "few_respondents" | "disabled";

export interface ParameterResult {
  key: RiskSourceKey;
  number: string;
  name: string;
  short: string;
  source: RiskInstrument;
  kind: ValueKind;
  direction: Direction;
  value: number | boolean | null;
  threshold: number | null;
  /** null when there is no value. */
  crossed: boolean | null;
  missing: MissingReason | null;
  /** The district's average (a flag's: the share of "yes"); null when not given. */
  districtValue: number | null;
}

export type FactorRisk = "fixed" | "not_fixed" | "no_data";

export interface FactorResult {
  id: RiskFactorId;
  number: number;
  name: string;
  parameters: ParameterResult[];
  rule: FactorRule;
  /** Parameters with a value. */
  withData: number;
  crossed: number;
  /** How many crossed parameters the rule needs (null when no data). */
  needed: number | null;
  risk: FactorRisk;
  /** crossed / withData for the radar; null when no data. */
  score: number | null;
  districtScore: number | null;
  /** Why, in Russian, for a head. */
  explanation: string;
}

export interface RiskProfile {
  settingsVersion: number;
  minRespondents: number;
  factors: FactorResult[];
  fixed: number;
  noData: number;
}

const valueSchema = z.union([z.number().finite(), z.boolean(), z.null()]);
export const RiskProfileInputSchema = z
  .object({
    values: z.partialRecord(z.enum(SOURCE_KEYS), valueSchema),
    respondents: z.partialRecord(z.enum(RISK_INSTRUMENTS), z.number().int().min(0)).optional(),
  })
  .superRefine((input, ctx) => {
    for (const key of SOURCE_KEYS) {
      const value = input.values[key];
      if (value === undefined || value === null) continue;
      const kind = riskParameter(key).kind;
      const issue = (message: string) => ctx.addIssue({ code: "custom", path: ["values", key], message });
      if (kind === "flag") {
        if (typeof value !== "boolean") issue("нужно «да» или «нет»");
      } else if (typeof value !== "number") issue("нужно число");
      else if (kind === "share" && (value < 0 || value > 1)) issue("доля — от 0 до 1");
      else if (kind === "scale" && (value < SCALE_MIN || value > SCALE_MAX)) issue(`среднее по шкале — от ${SCALE_MIN} до ${SCALE_MAX}`);
      else if (kind === "per100" && (value < 0 || value > PER100_MAX)) issue(`на 100 обучающихся — от 0 до ${PER100_MAX}`);
    }
  });

/** Whether a value is on the risky side of its threshold (the threshold belongs to the risk zone). */
export function crosses(kind: ValueKind, direction: Direction, value: number | boolean, threshold: number | null): boolean {
  if (kind === "flag") return direction === "higherWorse" ? value === true : value === false;
  if (typeof value !== "number" || threshold === null) throw new RangeError("a numeric parameter needs a number and a threshold");
  return direction === "higherWorse" ? value >= threshold : value <= threshold;
}

/** Crossed parameters a factor's rule needs, given how many have data. */
export const neededCrossed = (rule: FactorRule, withData: number): number => (rule.rule === "half" ? Math.ceil(withData / 2) : rule.count);

export function riskProfile(input: RiskProfileInput, settings: RiskSettings, district?: DistrictAverages): RiskProfile {
  const parsed = RiskProfileInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError("invalid_input", { riskProfile: parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`) });
  }
  const { values, respondents } = parsed.data;
  const tooFew = (source: RiskInstrument) => source !== "card" && respondents?.[source] !== undefined && respondents[source]! < settings.minRespondents;

  const factors = RISK_FACTORS.map((factor): FactorResult => {
    const parameters = factor.parameters.map((parameter): ParameterResult => {
      const setting = settings.parameters[parameter.key];
      const raw = values[parameter.key] ?? null;
      const missing: MissingReason | null = !setting.enabled ? "disabled" : tooFew(parameter.source) ? "few_respondents" : raw === null ? "no_value" : null;
      const value = missing ? null : raw;
      return {
        key: parameter.key,
        number: parameter.number,
        name: parameter.name,
        short: parameter.short,
        source: parameter.source,
        kind: parameter.kind,
        direction: parameter.direction,
        value,
        threshold: setting.threshold,
        crossed: value === null ? null : crosses(parameter.kind, parameter.direction, value, setting.threshold),
        missing,
        districtValue: district?.values?.[parameter.key] ?? null,
      };
    });
    const rule = settings.factors[factor.id];
    const withData = parameters.filter((parameter) => parameter.crossed !== null).length;
    const crossed = parameters.filter((parameter) => parameter.crossed === true).length;
    const needed = withData === 0 ? null : neededCrossed(rule, withData);
    const risk: FactorRisk = needed === null ? "no_data" : crossed >= needed ? "fixed" : "not_fixed";
    const result: Omit<FactorResult, "explanation"> = {
      id: factor.id,
      number: factor.number,
      name: factor.name,
      parameters,
      rule,
      withData,
      crossed,
      needed,
      risk,
      score: withData === 0 ? null : crossed / withData,
      districtScore: district?.scores?.[factor.id] ?? null,
    };
    return { ...result, explanation: explainFactor(result, settings.minRespondents) };
  });

  return {
    settingsVersion: settings.version,
    minRespondents: settings.minRespondents,
    factors,
    fixed: factors.filter((factor) => factor.risk === "fixed").length,
    noData: factors.filter((factor) => factor.risk === "no_data").length,
  };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/**
 * The district's averages from its schools' profiles: per factor the mean score of the schools with data, per
 * parameter the mean value of the schools with data (a flag's: the share of "yes").
 */
export function districtAverages(profiles: readonly RiskProfile[]): Required<DistrictAverages> {
  const scores: Partial<Record<RiskFactorId, number | null>> = {};
  const values: Partial<Record<RiskSourceKey, number | null>> = {};
  for (const factor of RISK_FACTORS) {
    const results = profiles.map((profile) => profile.factors.find((f) => f.id === factor.id)!);
    scores[factor.id] = mean(results.flatMap((f) => (f.score === null ? [] : [f.score])));
    for (const parameter of factor.parameters) {
      const own = results.map((f) => f.parameters.find((p) => p.key === parameter.key)!.value);
      values[parameter.key] = mean(own.flatMap((v) => (v === null ? [] : [typeof v === "boolean" ? Number(v) : v])));
    }
  }
  return { scores, values };
}
