// Earlier rounds as a baseline (#13 §8): a district imports a Google Forms / Yandex Forms export of an
// earlier round into a closed campaign of the matching instrument, checks it first (a dry run that
// writes nothing), keeps an editable mapping, and compares the baseline with the new round through
// the release rules. The same use cases serve the Mini App and the CLI; the file reader is injected.
import { z } from "zod";
import { canManageDistrict } from "../access/permissions.ts";
import {
  BaselineMappingSchema,
  emptyMapping,
  planBaseline,
  type BaselineMapping,
  type BaselinePlan,
  type BaselineTable,
  type ColumnRole,
} from "../baseline/mapping.ts";
import type { FileProblem } from "../identification/types.ts";
import { questionType, respondentOf, type Instrument } from "../instruments/schema.ts";
import { baselineText } from "../messages/baseline.ts";
import type { MethodologySettings } from "../methodology/settings.ts";
import { advanceDeficitRelease, deficitSummaryView, type ReleasedAreaRow } from "../release/deficits.ts";
import { AdminError, findDistrict, type Actor } from "./admin.ts";
import type { AdminRepository } from "./admin-ports.ts";
import type { BaselineCampaign, BaselineRepository, RoundRef } from "./baseline-ports.ts";
import type { Clock, Repository } from "./ports.ts";

export interface BaselineFileRead {
  table: BaselineTable | null;
  problems: FileProblem[];
}

export interface BaselineDeps {
  admin: AdminRepository;
  repo: Repository;
  clock: Clock;
  settings: MethodologySettings;
  baseline: BaselineRepository;
  /** files/baseline.ts readBaselineFile. */
  readFile: (fileName: string, content: Uint8Array) => Promise<BaselineFileRead>;
}

/** The instrument keys a baseline may be imported into (CONTRACT: the five #13 instruments). */
export const BASELINE_INSTRUMENT_KEYS = ["teacher_deficits", "parent_survey", "student_survey", "school_card", "visit_report"] as const;

const day = /^\d{4}-\d{2}-\d{2}$/;
export const BaselineRequestSchema = z.object({
  districtId: z.string().min(1).max(100),
  instrumentKey: z.string().regex(/^[a-z0-9_]{1,32}$/),
  instrumentVersion: z.number().int().positive().optional(),
  fileName: z.string().min(1).max(1000),
  content: z.instanceof(Uint8Array),
  /** Replaces the saved mapping for this check or import (the edited one from the Mini App). */
  mapping: z.unknown().optional(),
  /** The school of every row when the file has no school column. */
  schoolId: z.string().min(1).max(40).nullable().optional(),
  /** The window (YYYY-MM-DD, inclusive); by default the file's first and last fill-in days. */
  from: z.string().regex(day).optional(),
  to: z.string().regex(day).optional(),
  title: z.string().trim().min(1).max(200).optional(),
});
export type BaselineRequest = z.infer<typeof BaselineRequestSchema>;

/** What a check shows: nothing of the dropped columns but their titles, never a cell of them. */
export interface BaselinePreview {
  instrument: { key: string; version: number; title: string; questions: Array<{ id: string; text: string; type: string; options: Array<{ value: number; label: string }> }> };
  columns: Array<{ letter: string; header: string; key: string; role: ColumnRole; questionId: string | null; from: "mapping" | "auto" }>;
  rowsRead: number;
  rowsToImport: number;
  emptyRows: number;
  schools: Array<{ id: string; name: string; responses: number }>;
  questionsUnmapped: string[];
  unknownAnswers: BaselinePlan["unknownAnswers"];
  unknownSchools: BaselinePlan["unknownSchools"];
  window: { from: string; to: string } | null;
  title: string | null;
  problems: FileProblem[];
  warnings: FileProblem[];
  mapping: BaselineMapping;
  summary: string;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const ruDay = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

async function instrumentOf(deps: BaselineDeps, districtId: string, key: string, version?: number) {
  const stored = await deps.baseline.instrumentFor(districtId, key, version);
  if (!stored) throw new AdminError("not_found", baselineText.unknownInstrument(key), { field: "instrument" });
  return stored;
}

function mappingOf(raw: unknown): BaselineMapping {
  if (raw === undefined || raw === null) return emptyMapping();
  const parsed = BaselineMappingSchema.safeParse(raw);
  if (!parsed.success) throw new AdminError("invalid", baselineText.badMapping, { field: "mapping" });
  return parsed.data;
}

interface Checked {
  preview: BaselinePreview;
  plan: BaselinePlan | null;
  instrumentId: string;
  instrument: Instrument;
  window: { opensAt: Date; closesAt: Date } | null;
}

async function check(deps: BaselineDeps, actor: Actor, raw: BaselineRequest): Promise<Checked> {
  const parsed = BaselineRequestSchema.safeParse(raw);
  if (!parsed.success) throw new AdminError("invalid", baselineText.badMapping, { field: String(parsed.error.issues[0]?.path[0] ?? "") });
  const request = parsed.data;
  const district = await findDistrict(deps, actor, request.districtId);
  const stored = await instrumentOf(deps, district.id, request.instrumentKey, request.instrumentVersion);
  const instrument = stored.instrument;
  const mapping = request.mapping !== undefined ? mappingOf(request.mapping) : mappingOf(await deps.baseline.getMapping(district.id, instrument.key));
  const schools = await deps.repo.listSchools([district.id]);
  const instrumentView: BaselinePreview["instrument"] = {
    key: instrument.key,
    version: instrument.version,
    title: instrument.title,
    questions: instrument.questions.map((question) => ({
      id: question.id,
      text: question.text,
      type: questionType(question),
      options:
        question.type === "single" || question.type === "multiple"
          ? question.options
          : questionType(question) === "likert"
            ? instrument.scale
            : questionType(question) === "yesno"
              ? [
                  { value: 1, label: "Да" },
                  { value: 0, label: "Нет" },
                ]
              : [],
    })),
  };
  const read = await deps.readFile(request.fileName, request.content);
  if (!read.table) {
    const preview: BaselinePreview = {
      instrument: instrumentView,
      columns: [],
      rowsRead: 0,
      rowsToImport: 0,
      emptyRows: 0,
      schools: [],
      questionsUnmapped: [],
      unknownAnswers: [],
      unknownSchools: [],
      window: null,
      title: null,
      problems: read.problems,
      warnings: [],
      mapping,
      summary: baselineText.refused(read.problems.length),
    };
    return { preview, plan: null, instrumentId: stored.id, instrument, window: null };
  }
  if (request.schoolId && !schools.some((school) => school.id === request.schoolId)) {
    throw new AdminError("not_found", baselineText.schoolNotInDistrict(request.schoolId), { field: "school" });
  }
  const plan = planBaseline({ instrument, table: read.table, schools, mapping, schoolId: request.schoolId ?? null });
  const problems = [...plan.problems];

  // The window: given, or the file's fill-in days; always in the past.
  const from = request.from ?? (plan.filledBetween ? isoDay(plan.filledBetween.from) : null);
  const to = request.to ?? (plan.filledBetween ? isoDay(plan.filledBetween.to) : null);
  let window: Checked["window"] = null;
  if (!from || !to) problems.push({ sheet: read.table.sheet, message: baselineText.noWindow });
  else {
    const opensAt = new Date(`${from}T00:00:00.000Z`);
    const closesAt = new Date(`${to}T23:59:59.000Z`);
    if (opensAt > closesAt) problems.push({ sheet: "", message: baselineText.windowOrder });
    else if (closesAt > deps.clock.now()) problems.push({ sheet: "", message: baselineText.windowInFuture });
    else window = { opensAt, closesAt };
  }
  const title = request.title ?? (from && to ? baselineText.defaultTitle(instrument.title, ruDay(from), ruDay(to)) : null);
  const perSchool = new Map<string, number>();
  for (const response of plan.responses) perSchool.set(response.schoolId, (perSchool.get(response.schoolId) ?? 0) + 1);
  const dropped = plan.columns.filter((column) => column.role === "dropped").length;
  const preview: BaselinePreview = {
    instrument: instrumentView,
    columns: plan.columns.map(({ letter, header, key, role, questionId, from }) => ({ letter, header, key, role, questionId, from })),
    rowsRead: plan.rowsRead,
    rowsToImport: problems.length ? 0 : plan.responses.length,
    emptyRows: plan.emptyRows,
    schools: schools
      .filter((school) => perSchool.has(school.id))
      .map((school) => ({ id: school.id, name: school.name, responses: perSchool.get(school.id)! })),
    questionsUnmapped: plan.questionsUnmapped,
    unknownAnswers: plan.unknownAnswers,
    unknownSchools: plan.unknownSchools,
    window: from && to ? { from, to } : null,
    title,
    problems,
    warnings: plan.warnings,
    mapping: plan.mapping,
    summary: problems.length ? baselineText.refused(problems.length) : baselineText.summaryLine(plan.responses.length, perSchool.size, dropped),
  };
  return { preview, plan, instrumentId: stored.id, instrument, window };
}

/** The dry run: what would be imported and every problem. Writes nothing. */
export async function checkBaseline(deps: BaselineDeps, actor: Actor, request: BaselineRequest): Promise<BaselinePreview> {
  return (await check(deps, actor, request)).preview;
}

/** The import: all or nothing, in one transaction; refused with the check's problems when there are any. */
export async function importBaseline(
  deps: BaselineDeps,
  actor: Actor,
  request: BaselineRequest,
): Promise<{ campaignId: string; imported: number; message: string; preview: BaselinePreview }> {
  const { preview, plan, instrumentId, instrument, window } = await check(deps, actor, request);
  if (!plan || preview.problems.length || !window || !preview.title) {
    throw new AdminError("invalid", preview.summary, { field: "file", lines: preview.problems.map((problem) => JSON.stringify(problem)) });
  }
  const result = await deps.baseline.importRound({
    districtId: request.districtId,
    instrumentId,
    instrumentKey: preview.instrument.key,
    title: preview.title,
    opensAt: window.opensAt,
    closesAt: window.closesAt,
    completedAt: window.closesAt,
    mapping: plan.mapping,
    audience: { roles: [respondentOf(instrument)], schoolIds: [...new Set(plan.responses.map((response) => response.schoolId))].sort() },
    responses: plan.responses.map((response) => ({ schoolId: response.schoolId, answers: response.answers })),
  });
  return { campaignId: result.campaignId, imported: result.responses, message: baselineText.imported(result.responses, preview.title), preview };
}

export async function getBaselineMapping(deps: BaselineDeps, actor: Actor, input: { districtId: string; instrumentKey: string }): Promise<BaselineMapping> {
  const district = await findDistrict(deps, actor, input.districtId);
  const stored = await instrumentOf(deps, district.id, input.instrumentKey);
  return mappingOf(await deps.baseline.getMapping(district.id, stored.instrument.key));
}

export async function saveBaselineMapping(
  deps: BaselineDeps,
  actor: Actor,
  input: { districtId: string; instrumentKey: string; mapping: unknown },
): Promise<BaselineMapping> {
  const district = await findDistrict(deps, actor, input.districtId);
  const stored = await instrumentOf(deps, district.id, input.instrumentKey);
  const mapping = mappingOf(input.mapping);
  const ids = new Set(stored.instrument.questions.map((question) => question.id));
  for (const target of Object.values(mapping.columns)) {
    if ("questionId" in target && !ids.has(target.questionId)) throw new AdminError("invalid", baselineText.unknownQuestion(target.questionId), { field: "mapping" });
  }
  await deps.baseline.saveMapping(district.id, stored.instrument.key, mapping);
  return mapping;
}

export async function listBaselines(deps: BaselineDeps, actor: Actor, input: { districtId: string }): Promise<BaselineCampaign[]> {
  const district = await findDistrict(deps, actor, input.districtId);
  return deps.baseline.listBaselines(district.id);
}

// ---------- dynamics from the baseline ----------

export interface ComparedRow {
  schoolId: string | null;
  name: string;
  areas: Array<{ areaId: string; title: string; baseline: ReleasedAreaRow["cell"]; current: ReleasedAreaRow["cell"] }>;
}

export interface BaselineComparison {
  instrumentKey: string;
  baseline: { id: string; title: string; opensAt: Date; closesAt: Date } | null;
  round: { id: string; title: string; opensAt: Date; closesAt: Date } | null;
  minRespondents: number;
  /** Why there is nothing to compare (Russian), or null. */
  note: string | null;
  explanation: string;
  district: ComparedRow | null;
  schools: ComparedRow[];
}

/**
 * The part of an instrument a baseline is compared on: its Likert questions, scored on the deficit
 * scale of core/diagnostic/profile.ts (0: the top of the scale, 100: the bottom) per area. For the
 * teacher diagnostic that is exactly its deficit profile.
 */
export function comparableInstrument(instrument: Instrument): Instrument | null {
  const questions = instrument.questions.filter((question) => questionType(question) === "likert");
  if (!questions.length) return null;
  const areaIds = new Set(questions.map((question) => question.areaId));
  return { ...instrument, questions, areas: instrument.areas.filter((area) => areaIds.has(area.id)) };
}

/**
 * A frozen round's released figures, per school and for the district, through the deficit release
 * (minimum respondents, rounding, secondary suppression against the district total). Only closed
 * rounds (a baseline, or a later round after it closed) are computed here, so a figure never moves
 * under a reader's eyes; the open teacher diagnostic has its own stored release.
 */
async function frozenView(deps: BaselineDeps, round: RoundRef, instrument: Instrument, schoolIds: string[], withTotal: boolean) {
  const responses = await deps.repo.attributedResponses(round.id);
  // Small schools are judged by the round's own respondents: for parents and students the teachers' count means nothing.
  const perSchool = new Map<string, number>();
  for (const response of responses) for (const id of response.schoolIds) perSchool.set(id, (perSchool.get(id) ?? 0) + 1);
  const { doc } = advanceDeficitRelease(
    instrument,
    null,
    responses,
    schoolIds.map((id) => ({ id, teachers: perSchool.get(id) ?? 0 })),
    deps.settings,
  );
  return deficitSummaryView(instrument, doc, schoolIds, deps.settings, { withTotal });
}

const frozen = (round: RoundRef, at: Date) => round.baseline || (round.closedAt !== null && round.closedAt <= at) || round.closesAt <= at;

export async function baselineComparison(
  deps: BaselineDeps,
  actor: Actor,
  input: { districtId: string; instrumentKey: string; schoolId?: string },
): Promise<BaselineComparison> {
  const now = deps.clock.now();
  const districtId = input.districtId;
  // District staff see every school and the district; a head or teacher only their school.
  const manages = actor === null || canManageDistrict(actor.memberships, districtId);
  if (!manages) {
    const own = input.schoolId && actor?.memberships.some((m) => m.active && m.schoolId === input.schoolId && m.districtId === districtId && (m.role === "head" || m.role === "teacher" || m.role === "mentor"));
    if (!own) throw new AdminError("forbidden", baselineText.forbidden);
  } else {
    await findDistrict(deps, actor, districtId);
  }
  const { baseline, round } = await deps.baseline.rounds(districtId, input.instrumentKey, now);
  const summaryOf = (ref: RoundRef | null) => ref && { id: ref.id, title: ref.title, opensAt: ref.opensAt, closesAt: ref.closesAt };
  const empty = (note: string): BaselineComparison => ({
    instrumentKey: input.instrumentKey,
    baseline: summaryOf(baseline),
    round: summaryOf(round),
    minRespondents: deps.settings.minRespondents,
    note,
    explanation: baselineText.comparableNote,
    district: null,
    schools: [],
  });
  if (!baseline) return empty(baselineText.noBaseline);
  const instrument = comparableInstrument(baseline.instrument);
  if (!instrument) return empty(baselineText.notComparable);
  const allSchools = await deps.repo.listSchools([districtId]);
  const schools = manages ? allSchools : allSchools.filter((school) => school.id === input.schoolId);
  const ids = allSchools.map((school) => school.id);
  const before = await frozenView(deps, baseline, instrument, ids, manages);
  const after = round && frozen(round, now) ? await frozenView(deps, round, comparableInstrument(round.instrument) ?? instrument, ids, manages) : null;
  const hidden = { hidden: true } as const;
  const rowOf = (schoolId: string | null, name: string, left: ReleasedAreaRow[], right: ReleasedAreaRow[] | null): ComparedRow => ({
    schoolId,
    name,
    areas: left.map((area) => ({
      areaId: area.areaId,
      title: area.title,
      baseline: area.cell,
      current: right?.find((other) => other.areaId === area.areaId)?.cell ?? hidden,
    })),
  });
  const byId = (view: typeof before | null, schoolId: string) => view?.schools.find((row) => row.schoolId === schoolId)?.areas ?? null;
  return {
    ...empty(after ? "" : baselineText.noRound),
    note: after ? null : baselineText.noRound,
    district: manages ? rowOf(null, "Район", before.district, after?.district ?? null) : null,
    schools: schools.map((school) => rowOf(school.id, school.name, byId(before, school.id) ?? [], byId(after, school.id))),
  };
}
