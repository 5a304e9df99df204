// The risk profile of a school (#13, DOMAIN.md §6): per school and school year, from the latest completed
// school self-analysis card and the completed teacher, student and parent questionnaires of that year
// (the survey store), through core/risk-profile/sources.ts riskInputFromResponses and the district's
// current settings version. Each computation is stored as the school's snapshot of the year with the
// settings version it used; the district's averages are the mean over its schools' snapshots of the year.
// Actors as in core/services/admin.ts: null is the operator's trusted shell (and the system after a card
// completes); district staff see and recompute every school of their district and change its settings; a
// head sees only their own school; nobody else sees a profile.
import { z } from "zod";
import { TZDate } from "@date-fns/tz";
import { canManageDistrict, canReadDistrict } from "../access/permissions.ts";
import { RISK_FACTORS, RISK_INSTRUMENTS, SOURCE_KEYS, riskParameter, type RiskFactorId, type RiskInstrument, type RiskSourceKey, type ValueKind } from "../risk-profile/catalog.ts";
import { districtAverages, riskProfile, type RiskProfile, type RiskProfileInput } from "../risk-profile/profile.ts";
import { DEFAULT_RISK_SETTINGS, RiskSettingsSchema, type RiskSettings } from "../risk-profile/settings.ts";
import { RISK_INSTRUMENT_KEYS, riskInputFromResponses } from "../risk-profile/sources.ts";
import {
  DIRECTION_NAMES,
  INSTRUMENT_NAMES,
  KIND_NAMES,
  RISK_CELL,
  RISK_NAMES,
  formatThreshold,
  formatValue,
  resultCell,
  riskProfileChatText,
  riskText,
  ruleText,
  schoolYearLabel,
  settingsText,
} from "../messages/risk-profile.ts";
import type { AnswerValue } from "../survey/answers.ts";
import { AdminError, type Actor } from "./admin.ts";
import type { AdminRepository, DistrictRef } from "./admin-ports.ts";
import type { Clock, OutboxMessage, Repository, SchoolRecord } from "./ports.ts";
import type { StoredRiskSettings, StoredRiskSnapshot } from "./risk-profile-ports.ts";
import type { SurveysContext } from "./surveys-context.ts";

export interface RiskContext {
  repo: Pick<Repository, "getSchool" | "listSchools" | "enqueue">;
  admin: Pick<AdminRepository, "findDistricts">;
  surveys: Pick<SurveysContext, "store" | "risk">;
  clock: Clock;
  /**
   * The methodology settings: the release minimum (a risk setting never goes below it) and the deficit level of a
   * pronounced deficit (teacher.pronouncedDeficit). The defaults when absent.
   */
  settings?: { minRespondents: number; pronouncedDeficit?: number };
}

const INSTRUMENT_OF_KEY = new Map(Object.entries(RISK_INSTRUMENT_KEYS).map(([source, key]) => [key, source as RiskInstrument]));

const id = z.string().regex(/^[a-z0-9]{1,40}$/);
const YearSchema = z.number().int().min(2000).max(2100);

function parseInput<S extends z.ZodType>(schema: S, raw: unknown, message: string): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AdminError("invalid", message);
  return parsed.data;
}

// ---------- school years ----------

/**
 * The school year `at` belongs to in the time zone, counted as the calendar year it ends in (2025/26 → 2026),
 * as identification counts years. From 1 August on it is the coming school year (admin.ts schoolYearEnd).
 */
export function schoolYearOf(at: Date, timeZone: string): number {
  const local = new TZDate(at.getTime(), timeZone);
  return local.getMonth() >= 7 ? local.getFullYear() + 1 : local.getFullYear();
}

/** [1 August of year−1, 1 August of year) in the time zone: the campaigns that opened in it feed the year's profile. */
export function schoolYearWindow(year: number, timeZone: string): { from: Date; to: Date } {
  return {
    from: new Date(new TZDate(year - 1, 7, 1, 0, 0, 0, timeZone).getTime()),
    to: new Date(new TZDate(year, 7, 1, 0, 0, 0, timeZone).getTime()),
  };
}

// ---------- access ----------

async function districtById(ctx: Pick<RiskContext, "admin">, districtId: string): Promise<DistrictRef> {
  const district = (await ctx.admin.findDistricts(districtId)).find((entry) => entry.id === districtId);
  if (!district) throw new AdminError("not_found", riskText.districtNotFound);
  return district;
}

function assertDistrictStaff(actor: Actor, districtId: string) {
  if (actor && !canManageDistrict(actor.memberships, districtId)) throw new AdminError("forbidden", riskText.districtOnly);
}

/** What the district reads (#15: its working group too, read-only). */
function assertReadsDistrict(actor: Actor, districtId: string) {
  if (actor && !canReadDistrict(actor.memberships, districtId)) throw new AdminError("forbidden", riskText.districtOnly);
}

/** District staff of the school's district (or its working group, read-only), or a head of this very school. */
export function maySeeSchoolRisk(actor: Actor, school: { id: string; districtId: string }): boolean {
  if (!actor || canReadDistrict(actor.memberships, school.districtId)) return true;
  return actor.memberships.some((membership) => membership.active && membership.role === "head" && membership.schoolId === school.id);
}

function assertSeesSchool(actor: Actor, school: { id: string; districtId: string }) {
  if (maySeeSchoolRisk(actor, school)) return;
  const head = actor!.memberships.some((membership) => membership.active && membership.role === "head");
  throw new AdminError("forbidden", head ? riskText.headOwnSchoolOnly : riskText.forbidden);
}

async function schoolFor(ctx: RiskContext, actor: Actor, schoolId: string): Promise<SchoolRecord> {
  const school = await ctx.repo.getSchool(parseInput(id, schoolId, riskText.schoolNotFound));
  if (!school) throw new AdminError("not_found", riskText.schoolNotFound);
  assertSeesSchool(actor, school);
  return school;
}

// ---------- settings ----------

export interface RiskSettingsView {
  districtId: string;
  /** 0 while the district has stored none (the default applies; the first computation stores it as version 1). */
  version: number;
  stored: boolean;
  note: string | null;
  createdAt: Date | null;
  settings: RiskSettings;
  /** The whole settings in words (thresholds, rules, notes). */
  text: string;
  versions: Array<{ version: number; note: string | null; createdAt: Date }>;
  /** The release minimum a setting may not go under. */
  minRespondentsFloor: number;
  /** The factors and parameters as the settings page lists them. */
  catalog: Array<{
    id: RiskFactorId;
    number: number;
    name: string;
    parameters: Array<{ key: RiskSourceKey; number: string; name: string; kind: ValueKind; kindName: string; directionName: string; higherWorse: boolean; measure: string; source: string }>;
  }>;
}

const SETTINGS_CATALOG: RiskSettingsView["catalog"] = RISK_FACTORS.map((factor) => ({
  id: factor.id,
  number: factor.number,
  name: factor.name,
  parameters: factor.parameters.map((parameter) => ({
    key: parameter.key,
    number: parameter.number,
    name: parameter.name,
    kind: parameter.kind,
    kindName: KIND_NAMES[parameter.kind],
    directionName: DIRECTION_NAMES[parameter.direction],
    higherWorse: parameter.direction === "higherWorse",
    measure: parameter.measure,
    source: INSTRUMENT_NAMES[parameter.source],
  })),
}));

const floorOf = (ctx: Pick<RiskContext, "settings">) => ctx.settings?.minRespondents ?? DEFAULT_RISK_SETTINGS.minRespondents;

/** A stored version parsed with its number; a version that no longer parses (a catalog change) falls back to the default's values. */
function parseStored(row: StoredRiskSettings): RiskSettings {
  const parsed = RiskSettingsSchema.safeParse({ ...(row.settings as object), version: row.version });
  return parsed.success ? parsed.data : { ...DEFAULT_RISK_SETTINGS, version: row.version };
}

async function currentSettings(ctx: RiskContext, districtId: string) {
  const versions = await ctx.surveys.risk.settingsVersions(districtId);
  const latest = versions[0] ?? null;
  return { latest, settings: latest ? parseStored(latest) : DEFAULT_RISK_SETTINGS, versions };
}

const settingsView = (ctx: RiskContext, districtId: string, current: Awaited<ReturnType<typeof currentSettings>>): RiskSettingsView => ({
  districtId,
  version: current.latest?.version ?? 0,
  stored: current.latest !== null,
  note: current.latest?.note ?? null,
  createdAt: current.latest?.createdAt ?? null,
  settings: current.settings,
  text: settingsText(current.settings),
  versions: current.versions.map((row) => ({ version: row.version, note: row.note, createdAt: row.createdAt })),
  minRespondentsFloor: floorOf(ctx),
  catalog: SETTINGS_CATALOG,
});

export async function getRiskSettings(ctx: RiskContext, actor: Actor, raw: { districtId: string }): Promise<RiskSettingsView> {
  const districtId = parseInput(id, raw.districtId, riskText.districtNotFound);
  assertDistrictStaff(actor, districtId);
  const district = await districtById(ctx, districtId);
  return settingsView(ctx, district.id, await currentSettings(ctx, district.id));
}

/** Names a settings path the way the settings page shows it: "1.1 Учебные материалы: порог". */
function settingPath(path: PropertyKey[]): string {
  const [section, key, field] = path.map(String);
  if (section === "parameters" && key && (SOURCE_KEYS as readonly string[]).includes(key)) {
    const parameter = riskParameter(key as RiskSourceKey);
    return `${parameter.number} ${parameter.name}${field === "threshold" ? ": порог" : field === "enabled" ? ": учитывать" : field === "note" ? ": пояснение" : ""}`;
  }
  if (section === "factors" && key) {
    const factor = RISK_FACTORS.find((entry) => entry.id === key);
    if (factor) return `${factor.number}. ${factor.name}: правило`;
  }
  if (section === "minRespondents") return "минимум ответов";
  return riskText.settingPath(path.join("."));
}

/**
 * Stores the district's next settings version: the whole settings (every parameter and factor), zod-checked,
 * with a note saying what changed. Past profiles keep the version they were computed with.
 */
export async function setRiskSettings(ctx: RiskContext, actor: Actor, raw: { districtId: string; settings: unknown; note: unknown }): Promise<RiskSettingsView> {
  const districtId = parseInput(id, raw.districtId, riskText.districtNotFound);
  assertDistrictStaff(actor, districtId);
  const district = await districtById(ctx, districtId);
  const note = z.string().trim().min(1).max(500).safeParse(raw.note);
  if (!note.success) throw new AdminError("invalid", riskText.settingsNoteMissing, { field: "note" });
  const current = await currentSettings(ctx, district.id);
  const version = (current.latest?.version ?? 0) + 1;
  const body = typeof raw.settings === "object" && raw.settings !== null && !Array.isArray(raw.settings) ? raw.settings : null;
  const parsed = RiskSettingsSchema.safeParse(body ? { ...body, version } : null);
  const lines: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) lines.push(`${settingPath(issue.path)}: ${issue.code === "custom" ? issue.message : riskText.wrongSetting}`);
  } else {
    const missing = [...SOURCE_KEYS.filter((key) => !parsed.data.parameters[key]).map((key) => settingPath(["parameters", key])), ...RISK_FACTORS.filter((factor) => !parsed.data.factors[factor.id]).map((factor) => settingPath(["factors", factor.id]))];
    for (const path of missing) lines.push(`${path}: ${riskText.wrongSetting}`);
    if (parsed.data.minRespondents < floorOf(ctx)) lines.push(`${settingPath(["minRespondents"])}: ${riskText.minRespondentsTooLow(floorOf(ctx))}`);
  }
  if (!parsed.success || lines.length) {
    throw new AdminError("invalid", [`${riskText.settingsInvalid}:`, ...lines].join("\n"), { field: "settings", lines });
  }
  const stored = await ctx.surveys.risk.addSettingsVersion({ districtId: district.id, version, settings: parsed.data, note: note.data, createdById: actor?.id ?? null, at: ctx.clock.now() });
  if (!stored) throw new AdminError("invalid", riskText.settingsBusy);
  return settingsView(ctx, district.id, await currentSettings(ctx, district.id));
}

/** The current version for a computation; the default is stored as version 1 the first time, so every snapshot names a version. */
async function settingsForCompute(ctx: RiskContext, districtId: string): Promise<RiskSettings> {
  const current = await currentSettings(ctx, districtId);
  if (current.latest) return current.settings;
  const settings = { ...DEFAULT_RISK_SETTINGS, version: 1 };
  if (await ctx.surveys.risk.addSettingsVersion({ districtId, version: 1, settings, note: riskText.defaultNote, createdById: null, at: ctx.clock.now() })) return settings;
  return (await currentSettings(ctx, districtId)).settings;
}

// ---------- computation ----------

type Answers = Map<string, AnswerValue>;
interface SchoolSources {
  card: Answers | null;
  teacher: Answers[];
  student: Answers[];
  parent: Answers[];
}

/**
 * Each school's answers of the year: the card is the school's latest completed card response of the year;
 * for each questionnaire the newest campaign of the year with completed responses for that school (two
 * rounds in one year are never mixed: a teacher would count twice).
 */
async function sourcesOfYear(ctx: RiskContext, districtId: string, year: number, timeZone: string, schoolIds: readonly string[]): Promise<Map<string, SchoolSources>> {
  const { from, to } = schoolYearWindow(year, timeZone);
  const campaigns = await ctx.surveys.risk.sourceCampaigns(districtId, Object.values(RISK_INSTRUMENT_KEYS), from, to);
  const wanted = new Set(schoolIds);
  const result = new Map<string, SchoolSources>(schoolIds.map((schoolId) => [schoolId, { card: null, teacher: [], student: [], parent: [] }]));
  const cardAt = new Map<string, Date>();
  const one = schoolIds.length === 1 ? schoolIds[0] : undefined;
  for (const campaign of campaigns) {
    const source = INSTRUMENT_OF_KEY.get(campaign.instrumentKey);
    if (!source) continue;
    const responses = await ctx.surveys.store.completedResponses(campaign.id, one);
    const bySchool = new Map<string, typeof responses>();
    for (const response of responses) {
      for (const schoolId of response.schoolIds) {
        if (!wanted.has(schoolId)) continue;
        bySchool.set(schoolId, [...(bySchool.get(schoolId) ?? []), response]);
      }
    }
    for (const [schoolId, own] of bySchool) {
      const entry = result.get(schoolId)!;
      if (source === "card") {
        const latest = own.reduce((a, b) => (b.completedAt > a.completedAt ? b : a));
        const before = cardAt.get(schoolId);
        if (!before || latest.completedAt > before) {
          entry.card = latest.answers;
          cardAt.set(schoolId, latest.completedAt);
        }
      } else if (entry[source].length === 0) {
        entry[source] = own.map((response) => response.answers);
      }
    }
  }
  return result;
}

const hasAny = (sources: SchoolSources) => sources.card !== null || sources.teacher.length + sources.student.length + sources.parent.length > 0;

/**
 * The input as stored: the questionnaires' respondent counts (the mapping's, else the responses read), and no
 * value of a questionnaire with fewer respondents than the minimum (the release rules: it is never stored).
 */
export function releasedInput(input: RiskProfileInput, counts: Record<Exclude<RiskInstrument, "card">, number>, minRespondents: number): RiskProfileInput {
  const respondents: Partial<Record<RiskInstrument, number>> = {};
  for (const source of RISK_INSTRUMENTS) {
    if (source === "card") continue;
    respondents[source] = Math.min(input.respondents?.[source] ?? counts[source], counts[source]);
  }
  const values: RiskProfileInput["values"] = {};
  for (const key of SOURCE_KEYS) {
    const source = riskParameter(key).source;
    const value = input.values[key];
    if (value === undefined) continue;
    values[key] = source !== "card" && respondents[source]! < minRespondents ? null : value;
  }
  return { values, respondents };
}

const effectiveSettings = (ctx: RiskContext, settings: RiskSettings): RiskSettings => ({ ...settings, minRespondents: Math.max(settings.minRespondents, floorOf(ctx)) });

/** Computes and stores the year's profiles of these schools (those with any answers); returns the stored snapshots. */
async function computeSnapshots(ctx: RiskContext, district: DistrictRef, year: number, schoolIds: readonly string[]): Promise<StoredRiskSnapshot[]> {
  if (!schoolIds.length) return [];
  const settings = effectiveSettings(ctx, await settingsForCompute(ctx, district.id));
  const sources = await sourcesOfYear(ctx, district.id, year, district.timezone, schoolIds);
  const stored: StoredRiskSnapshot[] = [];
  for (const [schoolId, own] of sources) {
    if (!hasAny(own)) continue;
    const mapped = riskInputFromResponses(own, { minRespondents: settings.minRespondents, pronouncedDeficit: ctx.settings?.pronouncedDeficit });
    const input = releasedInput(mapped, { teacher: own.teacher.length, student: own.student.length, parent: own.parent.length }, settings.minRespondents);
    const profile = riskProfile(input, settings);
    const snapshot: StoredRiskSnapshot = { schoolId, districtId: district.id, year, settingsVersion: settings.version, input, profile, computedAt: ctx.clock.now() };
    await ctx.surveys.risk.saveSnapshot(snapshot);
    stored.push(snapshot);
  }
  return stored;
}

// ---------- views ----------

/** A parameter as the page shows it: the seed's row with its threshold and the district's average. */
export interface ParameterView {
  key: RiskSourceKey;
  number: string;
  name: string;
  measure: string;
  source: string;
  kind: string;
  direction: string;
  result: string;
  threshold: string;
  enabled: boolean;
  crossed: boolean | null;
  districtValue: string | null;
}

export interface FactorView {
  id: RiskFactorId;
  number: number;
  name: string;
  risk: "fixed" | "not_fixed" | "no_data";
  riskName: string;
  fixedCell: string;
  rule: string;
  explanation: string;
  crossed: number;
  withData: number;
  score: number | null;
  districtScore: number | null;
  parameters: ParameterView[];
}

export interface RiskProfileView {
  school: { id: string; name: string; code: string | null };
  districtId: string;
  year: number;
  yearLabel: string;
  currentYear: number;
  /** Years with a stored profile of this school, newest first. */
  years: number[];
  /** null: no answers of that year yet. */
  profile: null | {
    computedAt: Date;
    settingsVersion: number;
    minRespondents: number;
    fixed: number;
    noData: number;
    respondents: Partial<Record<RiskInstrument, number>>;
    /** How many schools of the district have a profile of the year (the district's averages are over them). */
    districtSchools: number;
    factors: FactorView[];
  };
  history: Array<{ year: number; yearLabel: string; settingsVersion: number; fixed: number; noData: number; scores: Record<RiskFactorId, number | null> }>;
  /** The head's short text (chat), the same as /risk sends. */
  chatText: string | null;
}

const asProfile = (snapshot: StoredRiskSnapshot) => snapshot.profile as RiskProfile;

function factorViews(profile: RiskProfile, averages: ReturnType<typeof districtAverages> | null): FactorView[] {
  return profile.factors.map((factor) => ({
    id: factor.id,
    number: factor.number,
    name: factor.name,
    risk: factor.risk,
    riskName: RISK_NAMES[factor.risk],
    fixedCell: RISK_CELL[factor.risk],
    rule: ruleText(factor.rule),
    explanation: factor.explanation,
    crossed: factor.crossed,
    withData: factor.withData,
    score: factor.score,
    districtScore: averages?.scores[factor.id] ?? null,
    parameters: factor.parameters.map((parameter) => {
      const catalog = riskParameter(parameter.key);
      const average = averages?.values[parameter.key] ?? null;
      const enabled = parameter.missing !== "disabled";
      return {
        key: parameter.key,
        number: parameter.number,
        name: parameter.name,
        measure: catalog.measure,
        source: INSTRUMENT_NAMES[parameter.source],
        kind: KIND_NAMES[parameter.kind],
        direction: DIRECTION_NAMES[parameter.direction],
        result: resultCell(parameter, profile.minRespondents),
        threshold: enabled ? formatThreshold(parameter.kind, parameter.direction, parameter.threshold) : "—",
        enabled,
        crossed: parameter.crossed,
        districtValue: average === null ? null : parameter.kind === "flag" ? `«да» у ${formatValue("share", average)} школ` : formatValue(parameter.kind, average),
      };
    }),
  }));
}

const scoresOf = (profile: RiskProfile) => Object.fromEntries(profile.factors.map((factor) => [factor.id, factor.score])) as Record<RiskFactorId, number | null>;

/**
 * The school's profile of a year (the current school year when not given). The current year, and a year that
 * has no stored profile yet, are computed now and stored; an earlier year's stored profile stays as it was
 * computed (with its settings version), unless the district recomputes it.
 */
export async function schoolRiskProfile(ctx: RiskContext, actor: Actor, raw: { schoolId: string; year?: number }): Promise<RiskProfileView> {
  const school = await schoolFor(ctx, actor, raw.schoolId);
  const district = await districtById(ctx, school.districtId);
  const currentYear = schoolYearOf(ctx.clock.now(), district.timezone);
  const year = raw.year === undefined ? currentYear : parseInput(YearSchema, raw.year, riskText.badYear);
  let snapshots = await ctx.surveys.risk.schoolSnapshots(school.id);
  if (year === currentYear || !snapshots.some((snapshot) => snapshot.year === year)) {
    if ((await computeSnapshots(ctx, district, year, [school.id])).length) snapshots = await ctx.surveys.risk.schoolSnapshots(school.id);
  }
  const own = snapshots.find((snapshot) => snapshot.year === year) ?? null;
  const base = {
    school: { id: school.id, name: school.name, code: school.code },
    districtId: school.districtId,
    year,
    yearLabel: schoolYearLabel(year),
    currentYear,
    years: snapshots.map((snapshot) => snapshot.year),
    history: snapshots.map((snapshot) => {
      const profile = asProfile(snapshot);
      return { year: snapshot.year, yearLabel: schoolYearLabel(snapshot.year), settingsVersion: snapshot.settingsVersion, fixed: profile.fixed, noData: profile.noData, scores: scoresOf(profile) };
    }),
  };
  if (!own) return { ...base, profile: null, chatText: null };
  const districtProfiles = (await ctx.surveys.risk.districtSnapshots(school.districtId, year)).map(asProfile);
  const averages = districtProfiles.length ? districtAverages(districtProfiles) : null;
  const profile = asProfile(own);
  return {
    ...base,
    profile: {
      computedAt: own.computedAt,
      settingsVersion: own.settingsVersion,
      minRespondents: profile.minRespondents,
      fixed: profile.fixed,
      noData: profile.noData,
      respondents: (own.input as RiskProfileInput).respondents ?? {},
      districtSchools: districtProfiles.length,
      factors: factorViews(profile, averages),
    },
    chatText: riskProfileChatText(profile, { schoolName: school.name, year: schoolYearLabel(year) }),
  };
}

export interface DistrictRiskView {
  district: { id: string; name: string };
  year: number;
  yearLabel: string;
  currentYear: number;
  years: number[];
  schools: Array<{ id: string; name: string; code: string | null; profile: null | { fixed: number; noData: number; settingsVersion: number; computedAt: Date; fixedFactors: string[] } }>;
  /** The district's mean factor scores (radar), null for a factor without data. */
  averages: Record<RiskFactorId, number | null> | null;
  /** Schools per factor whose risk is fixed. */
  fixedBySchool: Record<RiskFactorId, number>;
}

/** Every school of the district with its profile of the year (district staff). The current year is computed the first time it is asked. */
export async function districtRiskProfiles(ctx: RiskContext, actor: Actor, raw: { districtId: string; year?: number }): Promise<DistrictRiskView> {
  const districtId = parseInput(id, raw.districtId, riskText.districtNotFound);
  assertReadsDistrict(actor, districtId);
  const district = await districtById(ctx, districtId);
  const currentYear = schoolYearOf(ctx.clock.now(), district.timezone);
  const year = raw.year === undefined ? currentYear : parseInput(YearSchema, raw.year, riskText.badYear);
  const schools = await ctx.repo.listSchools([district.id]);
  let snapshots = await ctx.surveys.risk.districtSnapshots(district.id, year);
  if (!snapshots.length && year === currentYear) {
    await computeSnapshots(ctx, district, year, schools.map((school) => school.id));
    snapshots = await ctx.surveys.risk.districtSnapshots(district.id, year);
  }
  return districtView(ctx, district, year, currentYear, schools, snapshots);
}

async function districtView(ctx: RiskContext, district: DistrictRef, year: number, currentYear: number, schools: SchoolRecord[], snapshots: StoredRiskSnapshot[]): Promise<DistrictRiskView> {
  const bySchool = new Map(snapshots.map((snapshot) => [snapshot.schoolId, snapshot]));
  const years = await ctx.surveys.risk.snapshotYears(district.id);
  const fixedBySchool = Object.fromEntries(RISK_FACTORS.map((factor) => [factor.id, 0])) as Record<RiskFactorId, number>;
  for (const snapshot of snapshots) for (const factor of asProfile(snapshot).factors) if (factor.risk === "fixed") fixedBySchool[factor.id]++;
  return {
    district: { id: district.id, name: district.name },
    year,
    yearLabel: schoolYearLabel(year),
    currentYear,
    years: [...new Set([currentYear, ...years])].sort((a, b) => b - a),
    schools: schools
      .map((school) => {
        const snapshot = bySchool.get(school.id);
        const profile = snapshot ? asProfile(snapshot) : null;
        return {
          id: school.id,
          name: school.name,
          code: school.code,
          profile:
            snapshot && profile
              ? { fixed: profile.fixed, noData: profile.noData, settingsVersion: snapshot.settingsVersion, computedAt: snapshot.computedAt, fixedFactors: profile.factors.filter((f) => f.risk === "fixed").map((f) => `${f.number}. ${f.name}`) }
              : null,
        };
      })
      .sort((a, b) => (b.profile?.fixed ?? -1) - (a.profile?.fixed ?? -1) || a.name.localeCompare(b.name, "ru")),
    averages: snapshots.length ? (districtAverages(snapshots.map(asProfile)).scores as Record<RiskFactorId, number | null>) : null,
    fixedBySchool,
  };
}

/** Recomputes the year's profile of every school of the district with the current settings (district staff). */
export async function recomputeDistrict(ctx: RiskContext, actor: Actor, raw: { districtId: string; year?: number }): Promise<DistrictRiskView> {
  const districtId = parseInput(id, raw.districtId, riskText.districtNotFound);
  assertDistrictStaff(actor, districtId);
  const district = await districtById(ctx, districtId);
  const currentYear = schoolYearOf(ctx.clock.now(), district.timezone);
  const year = raw.year === undefined ? currentYear : parseInput(YearSchema, raw.year, riskText.badYear);
  const schools = await ctx.repo.listSchools([district.id]);
  await computeSnapshots(ctx, district, year, schools.map((school) => school.id));
  return districtView(ctx, district, year, currentYear, schools, await ctx.surveys.risk.districtSnapshots(district.id, year));
}

// ---------- after the card ----------

/**
 * After a school's self-analysis card completes: the school's profile of the campaign's school year (recomputed
 * unless a profile was computed after the card's completion, `completedAt`) and the short profile queued for each
 * head of the school, with the Mini App button to the page (appStart `risk-<schoolId>`). Once per head, campaign and
 * school (dedupe key). Returns the messages queued.
 */
export async function riskProfileAfterCard(ctx: RiskContext, raw: { campaignId: string; schoolId: string; completedAt?: Date }): Promise<number> {
  const campaign = await ctx.surveys.store.getCampaign(raw.campaignId);
  if (!campaign || campaign.instrumentKey !== RISK_INSTRUMENT_KEYS.card) return 0;
  const school = await ctx.repo.getSchool(raw.schoolId);
  if (!school || school.districtId !== campaign.districtId) return 0;
  const district = await districtById(ctx, school.districtId);
  const year = schoolYearOf(campaign.opensAt, district.timezone);
  const existing = (await ctx.surveys.risk.schoolSnapshots(school.id)).find((snapshot) => snapshot.year === year);
  const fresh = existing && raw.completedAt && existing.computedAt >= raw.completedAt;
  const snapshot = fresh ? existing : (await computeSnapshots(ctx, district, year, [school.id]))[0];
  if (!snapshot) return 0;
  const recipients = await ctx.surveys.risk.headRecipients(school.id);
  if (!recipients.length) return 0;
  const text = `${riskText.cardNotice(school.name)}\n\n${riskProfileChatText(asProfile(snapshot), { schoolName: school.name, year: schoolYearLabel(year) })}`;
  const messages: OutboxMessage[] = recipients.map((recipient) => ({
    dedupeKey: `risk:card:${campaign.id}:${school.id}:${recipient.personId}`,
    personId: recipient.personId,
    channel: recipient.channel,
    chatId: recipient.chatId,
    text,
    appStart: `risk-${school.id}`,
  }));
  return ctx.repo.enqueue(messages);
}

/** How far back the sweep looks for completed cards. */
export const CARD_NOTICE_WINDOW_MS = 2 * 86_400_000;

/**
 * The sweep after cards (server/risk-profile-job.ts runs it every few minutes): every card completed within the last
 * two days whose school's heads have not been sent its notice gets riskProfileAfterCard. Every way of answering
 * (chat, Mini App, import) is covered, and a restart loses nothing: the queued notice is the mark.
 */
export async function riskCardNotices(ctx: RiskContext): Promise<{ cards: number; queued: number }> {
  const cards = await ctx.surveys.risk.cardsAwaitingNotice(RISK_INSTRUMENT_KEYS.card, new Date(ctx.clock.now().getTime() - CARD_NOTICE_WINDOW_MS));
  let queued = 0;
  for (const card of cards) queued += await riskProfileAfterCard(ctx, card);
  return { cards: cards.length, queued };
}
