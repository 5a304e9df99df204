// Identification of ШНОР and ШНСУ (issue #12): the use cases over the stored data. Files come in
// through one intake (checkData / importData; the bot stages a file first and commits it on
// «Загрузить»), a run applies the district's current methodology version to every year's rows and is
// stored with that version and its whole output, so a later change never rewrites a past list.
// Actors as in core/services/admin.ts: null is the operator's trusted shell; district staff act on
// their district; a head sees only their own school's card.
import { z } from "zod";
import { canManageDistrict, canReadDistrict } from "../access/permissions.ts";
import { identify } from "../identification/identify.ts";
import { DEFAULT_IDENTIFICATION, IdentificationMethodologySchema, SHNOR_PRESETS, type IdentificationMethodology } from "../identification/methodology.ts";
import { compareWithOfficial } from "../identification/official.ts";
import { listChanges } from "../identification/diff.ts";
import { CLUSTERS, type Cluster, type FileProblem, type ListKind, type OfficialList, type SchoolIdentification } from "../identification/types.ts";
import { CLUSTER_NAMES, explainSchool } from "../messages/identification.ts";
import { SHAPE_NAMES } from "../messages/intake.ts";
import { identAdminText, schoolLabel, KIND_NAMES } from "../messages/identification-admin.ts";
import { AdminError, assertManages, findDistrict, type Actor, type AdminContext } from "./admin.ts";
import { forOperator } from "./admin-commands.ts";
import { importStaff, nameKey, planImport, SHEET } from "./staff-import.ts";
import {
  DATA_KINDS,
  type CuratorFlags,
  type DataKind,
  type IdentificationMessage,
  type IdentificationRepository,
  type ParseDataFile,
  type ParsedData,
  type ReadStaffWorkbook,
  type RowKind,
  type RunSchool,
  type RunSummaryData,
  type StoredRun,
  type StoredRunHead,
  type StoredSchool,
} from "./identification-ports.ts";

export type { DataKind, IdentificationMessage, RunSchool } from "./identification-ports.ts";

export interface IdentificationContext extends AdminContext {
  ident: IdentificationRepository;
  parseFile: ParseDataFile;
  /** Reads the #2 staff workbook (files/staff-workbook.ts readWorkbook); without it a staff file is refused with the reason. */
  readStaffWorkbook?: ReadStaffWorkbook;
}

/** The largest file any of the three ways takes (Telegram's limit for bot files). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** How long a file sent to the bot waits for «Загрузить». */
export const STAGED_UPLOAD_MS = 24 * 3_600_000;

/**
 * Years before the run's year that a run loads: the methodology looks back at most 5 years (the index's
 * years, the ШНОР and curator rules' consecutive years), and the dynamics one more.
 */
const LOOKBACK_YEARS = 6;

/** Progress of an intake: reading the file, then writing its rows. */
export type IntakeProgress = (done: number, total: number, phase: "read" | "write") => void;

// ---------- inputs ----------

const id = z.string().trim().min(1, { error: identAdminText.badId }).max(200, { error: identAdminText.badId });
const year = z.number({ error: identAdminText.badYear }).int({ error: identAdminText.badYear }).min(2000, { error: identAdminText.badYear }).max(2100, { error: identAdminText.badYear });
const progress = z.custom<IntakeProgress>((value) => typeof value === "function").optional();

const OfficialMeta = z
  .object({
    kind: z.enum(["shnor", "shnsu"]),
    year,
    source: z.string().trim().min(1).max(300),
    documentNumber: z.string().trim().min(1).max(100),
    documentDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: identAdminText.badDate }),
  })
  .partial();

const DataInput = z.object({
  districtId: id,
  kind: z.enum([...DATA_KINDS, "auto"], { error: identAdminText.badKind }).default("auto"),
  fileName: z.string({ error: identAdminText.noFileName }).trim().min(1, { error: identAdminText.noFileName }).max(255),
  content: z
    .custom<Uint8Array>((value) => value instanceof Uint8Array, { error: identAdminText.emptyFile })
    .refine((bytes) => bytes.byteLength > 0, { error: identAdminText.emptyFile })
    .refine((bytes) => bytes.byteLength <= MAX_FILE_BYTES, { error: identAdminText.tooBig(MAX_FILE_BYTES / 1024 / 1024) }),
  official: OfficialMeta.optional(),
  onProgress: progress,
});
export type DataInput = z.input<typeof DataInput>;

function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path[0] === undefined ? undefined : String(issue.path[0]);
  throw new AdminError("invalid", issue.message, { field: field === "content" ? "file" : field === "districtId" ? "district" : field });
}

// ---------- the intake: checkData / importData ----------

export interface DataCheck {
  kind: DataKind | "staff";
  shape: string;
  rows: number;
  schools: number;
  years: number[];
  newSchools: Array<{ code: string; name: string }>;
  /** Stored school-years (of this kind) the file replaces; for a list, 1 when the same document is stored. */
  replaces: number;
  problems: FileProblem[];
  /** All problems found; `problems` shows the first ones and counts the rest in its last line. */
  problemCount?: number;
  warnings: FileProblem[];
  ok: boolean;
}

export type DataImport = DataCheck & { written: boolean };

/** How the file's schools meet the district's: known by code, an uncoded namesake that gets the code, or new. */
interface SchoolPlan {
  newSchools: Array<{ code: string; name: string }>;
  codedSchools: Array<{ id: string; code: string }>;
}

function planSchools(fileSchools: Map<string, string>, stored: StoredSchool[]): SchoolPlan {
  const byCode = new Map(stored.filter((school) => school.code !== null).map((school) => [school.code!, school]));
  const uncoded = new Map<string, StoredSchool>();
  for (const school of stored) if (school.code === null && !uncoded.has(nameKey(school.name))) uncoded.set(nameKey(school.name), school);
  const plan: SchoolPlan = { newSchools: [], codedSchools: [] };
  for (const [code, name] of fileSchools) {
    if (byCode.has(code)) continue;
    const namesake = uncoded.get(nameKey(name));
    if (namesake) {
      uncoded.delete(nameKey(name));
      plan.codedSchools.push({ id: namesake.id, code });
    } else {
      plan.newSchools.push({ code, name });
    }
  }
  return plan;
}

/** The file's schools, code → the first name it gives. */
function fileSchools(data: Exclude<ParsedData, { kind: "staff" }>): Map<string, string> {
  const schools = new Map<string, string>();
  const rows = data.kind === "official-list" ? data.list.schools : data.rows;
  for (const row of rows) if (!schools.has(row.schoolCode)) schools.set(row.schoolCode, row.schoolName);
  return schools;
}

/** A new code that is a stored code without its leading zeros (701 for 0701), or with extra ones. */
function lostZeroProblems(newSchools: SchoolPlan["newSchools"], stored: StoredSchool[]): FileProblem[] {
  const digits = (code: string) => (/^\d+$/.test(code) ? code.replace(/^0+(?=\d)/, "") : null);
  const byKey = new Map<string, StoredSchool>();
  for (const school of stored) {
    const key = school.code === null ? null : digits(school.code);
    if (key !== null && !byKey.has(key)) byKey.set(key, school);
  }
  const problems: FileProblem[] = [];
  for (const school of newSchools) {
    const key = digits(school.code);
    const namesake = key === null ? undefined : byKey.get(key);
    if (namesake)
      problems.push({
        sheet: identAdminText.fileSheet,
        message: (namesake.code!.length > school.code.length ? identAdminText.lostZeros : identAdminText.storedLostZeros)(school.code, namesake.code!, namesake.name),
      });
  }
  return problems;
}

const newSchoolsWarning = (newSchools: SchoolPlan["newSchools"]): FileProblem[] =>
  newSchools.length
    ? [{ sheet: identAdminText.fileSheet, message: identAdminText.newSchools(newSchools.length, newSchools.slice(0, 10).map((school) => schoolLabel(school.code, school.name))) }]
    : [];

interface Checked {
  check: DataCheck;
  /** The fields the file carried (files/identification): storage keeps the others of a stored row. */
  fields?: string[];
  district: { id: string; name: string };
  data: ParsedData | null;
  plan: SchoolPlan;
  staff?: { schools: Parameters<typeof importStaff>[2]["schools"]; staff: Parameters<typeof importStaff>[2]["staff"]; warnings: string[] };
}

async function check(ctx: IdentificationContext, actor: Actor, raw: DataInput): Promise<Checked> {
  const input = parseInput(DataInput, raw);
  const district = await findDistrict(ctx, actor, input.districtId);
  const parsed = await ctx.parseFile({
    kind: input.kind,
    fileName: input.fileName,
    content: input.content,
    official: input.official,
    onProgress: input.onProgress ? (done, total) => input.onProgress!(done, total, "read") : undefined,
  });
  const base = { shape: parsed.shape, problems: [...parsed.problems], warnings: [...parsed.warnings] };
  const empty: SchoolPlan = { newSchools: [], codedSchools: [] };
  const data = parsed.problems.length ? null : parsed.data;
  if (data?.kind === "staff") return checkStaff(ctx, district, input.content, base);
  if (!data) {
    const kind = input.kind === "auto" ? (parsed.data?.kind ?? "results") : input.kind;
    return {
      district,
      data: null,
      plan: empty,
      check: {
        kind,
        ...base,
        rows: parsed.rowsRead,
        schools: 0,
        years: [],
        newSchools: [],
        replaces: 0,
        ok: false,
        problems: base.problems.length ? base.problems : [{ sheet: identAdminText.fileSheet, message: identAdminText.emptyFile }],
        ...(parsed.problemCount && parsed.problemCount > base.problems.length ? { problemCount: parsed.problemCount } : {}),
      },
    };
  }
  const schools = fileSchools(data);
  const storedSchools = await ctx.ident.districtSchools(district.id);
  const plan = planSchools(schools, storedSchools);
  const lostZeros = lostZeroProblems(plan.newSchools, storedSchools);
  if (lostZeros.length) {
    return { district, data: null, plan: empty, check: { kind: data.kind, ...base, rows: parsed.rowsRead, schools: schools.size, years: [], newSchools: [], replaces: 0, ok: false, problems: lostZeros } };
  }
  let years: number[];
  let replaces: number;
  let rows: number;
  const warnings = [...base.warnings, ...newSchoolsWarning(plan.newSchools)];
  if (data.kind === "official-list") {
    years = [data.list.year];
    rows = data.list.schools.length;
    replaces = (await ctx.ident.officialListExists(district.id, data.list)) ? 1 : 0;
    if (replaces) warnings.push({ sheet: identAdminText.fileSheet, message: identAdminText.listReplaces });
  } else {
    const pairs = new Set<string>();
    for (const row of data.rows) pairs.add(`${row.schoolCode}|${row.year}`);
    years = [...new Set(data.rows.map((row) => row.year))].sort((a, b) => a - b);
    rows = data.rows.length;
    const stored = await ctx.ident.storedSchoolYears(district.id, data.kind, years);
    const codeOf = new Map(storedSchools.map((school) => [school.id, school.code]));
    replaces = stored.filter((entry) => pairs.has(`${codeOf.get(entry.schoolId) ?? ""}|${entry.year}`)).length;
    if (replaces) {
      const mode = data.kind === "social" ? "row" : isComplete(data.kind, base.shape, parsed.fields) ? (data.kind === "results" ? "procedure" : "subject") : "merge";
      warnings.push({ sheet: identAdminText.fileSheet, message: identAdminText.replaces(replaces, mode) });
    }
  }
  return {
    district,
    data,
    plan,
    fields: parsed.fields,
    check: { kind: data.kind, shape: base.shape, rows, schools: schools.size, years, newSchools: plan.newSchools, replaces, problems: [], warnings, ok: true },
  };
}

/**
 * Our template with all its figure columns restates its part of a school-year (a procedure; a grade's
 * subject): a row removed from a corrected file is gone after the re-import. A ФИС ОКО report, or a
 * template with some columns only, completes the stored rows instead (DataWrite.complete).
 */
const FIGURE_FIELDS = { results: ["participants", "meanScore", "lowShare", "highShare"], items: ["solvedShare"], social: ["students"] } as const;
function isComplete(kind: "results" | "items" | "social", shape: string, fields: readonly string[] | undefined): boolean {
  return shape === SHAPE_NAMES.template && fields !== undefined && FIGURE_FIELDS[kind].every((field) => fields.includes(field));
}

/** The staff workbook of #2 through the same entry: checked by staff-import's planner, written by importStaff. */
async function checkStaff(
  ctx: IdentificationContext,
  district: { id: string; name: string },
  content: Uint8Array,
  base: { shape: string; problems: FileProblem[]; warnings: FileProblem[] },
): Promise<Checked> {
  const result = (problems: FileProblem[], extra: Partial<DataCheck> = {}, staff?: Checked["staff"]): Checked => ({
    district,
    data: { kind: "staff" },
    plan: { newSchools: [], codedSchools: [] },
    staff,
    check: { kind: "staff", shape: base.shape, rows: 0, schools: 0, years: [], newSchools: [], replaces: 0, warnings: base.warnings, ...extra, problems, ok: problems.length === 0 },
  });
  if (!ctx.readStaffWorkbook) return result([{ sheet: identAdminText.fileSheet, message: identAdminText.staffUnavailable }]);
  let book: Awaited<ReturnType<ReadStaffWorkbook>>;
  try {
    book = await ctx.readStaffWorkbook(content);
  } catch (error) {
    if (!(error instanceof AdminError)) throw error;
    return result(error.message.split("\n").filter(Boolean).map((message) => ({ sheet: identAdminText.fileSheet, message })));
  }
  let counter = 0;
  const plan = await ctx.admin.withDistrictSnapshot(district.id, false, async (snapshot) => planImport(book, snapshot, () => `planned-${++counter}`));
  const place = (problem: (typeof plan.problems)[number]): FileProblem => ({ sheet: SHEET[problem.sheet], row: problem.row, column: problem.column, message: problem.message });
  const created = plan.schools.filter((school) => school.action === "create");
  return result(
    plan.problems.map(place),
    {
      rows: plan.staffRows,
      schools: plan.schools.length,
      newSchools: created.map((school) => ({ code: school.code, name: school.name })),
      warnings: [...base.warnings, ...book.warnings.map((message) => ({ sheet: identAdminText.fileSheet, message })), ...plan.warnings.map(place)],
    },
    { schools: book.schools, staff: book.staff, warnings: book.warnings },
  );
}

/** Checks a file against the district; writes nothing. */
export async function checkData(ctx: IdentificationContext, actor: Actor, input: DataInput): Promise<DataCheck> {
  return (await check(ctx, actor, input)).check;
}

/** Checks and, when the whole file is valid, writes it in one transaction; nothing is written otherwise. */
export async function importData(ctx: IdentificationContext, actor: Actor, input: DataInput): Promise<DataImport> {
  const checked = await check(ctx, actor, input);
  const { check: result, data, plan, district } = checked;
  if (!result.ok || !data) return { ...result, written: false };
  const at = ctx.clock.now();
  const fileName = String(input.fileName).trim();
  const onProgress = input.onProgress;
  if (data.kind === "staff") {
    try {
      await importStaff(ctx, actor, { district: district.id, schools: checked.staff!.schools, staff: checked.staff!.staff, fileWarnings: checked.staff!.warnings });
    } catch (error) {
      // The district changed between the check and the write (the import re-checks in its transaction).
      if (!(error instanceof AdminError) || error.kind !== "invalid") throw error;
      return { ...result, ok: false, problems: error.message.split("\n").filter(Boolean).map((message) => ({ sheet: identAdminText.fileSheet, message })), written: false };
    }
  } else if (data.kind === "official-list") {
    await ctx.ident.writeOfficialList({ districtId: district.id, list: data.list, fileName, at, newSchools: plan.newSchools, codedSchools: plan.codedSchools });
  } else {
    await ctx.ident.writeData({
      districtId: district.id,
      kind: data.kind,
      fileName,
      at,
      newSchools: plan.newSchools,
      codedSchools: plan.codedSchools,
      rows: data.rows,
      fields: checked.fields,
      complete: isComplete(data.kind, checked.check.shape, checked.fields),
      onProgress: onProgress ? (done, total) => onProgress(done, total, "write") : undefined,
    });
  }
  return { ...result, written: true };
}

// ---------- files staged by the bot ----------

const StageInput = DataInput.omit({ onProgress: true });

/** Checks a file sent to the bot and keeps it (in the database) for «Загрузить»; uploadId is null when the file has problems. */
export async function stageUpload(
  ctx: IdentificationContext,
  actor: Actor,
  raw: z.input<typeof StageInput> & { onProgress?: IntakeProgress },
): Promise<{ uploadId: string | null; check: DataCheck; expiresAt: Date | null }> {
  const input = parseInput(StageInput, raw);
  const result = await checkData(ctx, actor, { ...input, onProgress: raw.onProgress });
  const now = ctx.clock.now();
  await ctx.ident.deleteExpiredUploads(now);
  if (!result.ok) return { uploadId: null, check: result, expiresAt: null };
  const district = await findDistrict(ctx, actor, input.districtId);
  const expiresAt = new Date(now.getTime() + STAGED_UPLOAD_MS);
  const uploadId = await ctx.ident.stageUpload({
    districtId: district.id,
    personId: actor?.id ?? null,
    fileName: input.fileName,
    kind: result.kind === "staff" ? "auto" : result.kind,
    official: input.official ?? null,
    content: input.content,
    createdAt: now,
    expiresAt,
  });
  return { uploadId, check: result, expiresAt };
}

async function stagedFor(ctx: IdentificationContext, actor: Actor, uploadId: string) {
  const upload = await ctx.ident.getUpload(uploadId);
  if (!upload || upload.expiresAt <= ctx.clock.now()) throw new AdminError("not_found", identAdminText.uploadGone);
  assertManages(actor, upload.districtId);
  if (actor && upload.personId && upload.personId !== actor.id) throw new AdminError("forbidden", identAdminText.uploadNotYours);
  return upload;
}

/** «Загрузить»: takes the staged file (once) and imports it, checked again against the district as it is now. */
export async function commitStaged(ctx: IdentificationContext, actor: Actor, raw: { uploadId: string; onProgress?: IntakeProgress }): Promise<DataImport> {
  const uploadId = parseInput(id, raw.uploadId);
  await stagedFor(ctx, actor, uploadId);
  const upload = await ctx.ident.takeUpload(uploadId);
  if (!upload) throw new AdminError("not_found", identAdminText.uploadGone);
  return importData(ctx, actor, {
    districtId: upload.districtId,
    kind: upload.kind,
    fileName: upload.fileName,
    content: upload.content,
    official: upload.official ?? undefined,
    onProgress: raw.onProgress,
  });
}

/** «Отмена». */
export async function dropStaged(ctx: IdentificationContext, actor: Actor, raw: { uploadId: string }): Promise<{ dropped: boolean }> {
  const uploadId = parseInput(id, raw.uploadId);
  await stagedFor(ctx, actor, uploadId);
  return { dropped: (await ctx.ident.takeUpload(uploadId)) !== null };
}

// ---------- methodology ----------

export interface MethodologyView {
  districtId: string;
  /** 0 while the district has stored none (the default applies; the first run stores it as version 1). */
  version: number;
  stored: boolean;
  createdAt: Date | null;
  methodology: IdentificationMethodology;
  versions: Array<{ version: number; createdAt: Date }>;
}

async function currentMethodology(ctx: IdentificationContext, districtId: string) {
  const versions = await ctx.ident.methodologies(districtId);
  const latest = versions[0];
  const methodology = latest ? IdentificationMethodologySchema.parse({ ...(latest.settings as object), version: latest.version }) : DEFAULT_IDENTIFICATION;
  return { latest: latest ?? null, methodology, versions };
}

const methodologyView = (districtId: string, current: Awaited<ReturnType<typeof currentMethodology>>): MethodologyView => ({
  districtId,
  version: current.latest?.version ?? 0,
  stored: current.latest !== null,
  createdAt: current.latest?.createdAt ?? null,
  methodology: current.methodology,
  versions: current.versions.map((row) => ({ version: row.version, createdAt: row.createdAt })),
});

export async function getMethodology(ctx: IdentificationContext, actor: Actor, raw: { districtId: string }): Promise<MethodologyView> {
  const district = await findDistrict(ctx, actor, parseInput(id, raw.districtId));
  return methodologyView(district.id, await currentMethodology(ctx, district.id));
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
/** Keys that name a variant of a union (ШНОР rule, the low-index rule): another variant replaces, never merges. */
const DISCRIMINATORS = ["rule", "by"];

/** The patch over the current settings: objects merge, arrays and variants are replaced; `shnor: "seed004"` names a preset. */
export function applyPatch(base: unknown, patch: unknown, key?: string): unknown {
  if (key === "shnor" && typeof patch === "string" && Object.hasOwn(SHNOR_PRESETS, patch)) return SHNOR_PRESETS[patch as keyof typeof SHNOR_PRESETS];
  if (!isObject(base) || !isObject(patch)) return patch;
  if (DISCRIMINATORS.some((name) => name in patch && patch[name] !== base[name])) return patch;
  const merged: Record<string, unknown> = { ...base };
  for (const [name, value] of Object.entries(patch)) merged[name] = applyPatch(base[name], value, name);
  return merged;
}

/** Paths of the patch that the methodology does not have ("foo", "curator.minFlag"): zod would drop them silently. */
function unknownSettings(base: unknown, patch: unknown, prefix = ""): string[] {
  if (!isObject(base) || !isObject(patch)) return [];
  if (DISCRIMINATORS.some((name) => name in patch && patch[name] !== base[name])) return [];
  return Object.entries(patch).flatMap(([name, value]) =>
    Object.hasOwn(base, name) ? unknownSettings(base[name], value, `${prefix}${name}.`) : [`${prefix}${name}`],
  );
}

/** A zod issue of the methodology in Russian (zod's own messages are English). */
function methodologyIssue(issue: z.core.$ZodIssue): string {
  if (issue.path[0] === "shnor" && issue.path.length === 1 && issue.code !== "custom") return identAdminText.shnorPresets(Object.keys(SHNOR_PRESETS));
  switch (issue.code) {
    case "invalid_value":
      return identAdminText.oneOf(issue.values.map(String));
    case "too_big":
      return identAdminText.settingTooBig(String(issue.maximum), issue.inclusive !== false, issue.origin === "array");
    case "too_small":
      return identAdminText.settingTooSmall(String(issue.minimum), issue.inclusive !== false, issue.origin === "array");
    case "invalid_type":
      return identAdminText.wrongType(issue.expected);
    case "custom":
      return issue.message;
    default:
      return identAdminText.badSetting;
  }
}

/** Stores the patched methodology as the district's next version (versions never change). */
export async function setMethodology(ctx: IdentificationContext, actor: Actor, raw: { districtId: string; patch: unknown }): Promise<MethodologyView> {
  const district = await findDistrict(ctx, actor, parseInput(id, raw.districtId));
  if (!isObject(raw.patch)) throw new AdminError("invalid", identAdminText.methodologyInvalid, { field: "patch" });
  const current = await currentMethodology(ctx, district.id);
  const version = (current.latest?.version ?? 0) + 1;
  const { version: _ignored, ...patch } = raw.patch;
  const unknown = unknownSettings(current.methodology, patch);
  if (unknown.length) throw new AdminError("invalid", identAdminText.unknownSettings(unknown, Object.keys(current.methodology).filter((name) => name !== "version")), { field: "patch" });
  const parsed = IdentificationMethodologySchema.safeParse({ ...(applyPatch(current.methodology, patch) as object), version });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join(".") || "методика"}: ${methodologyIssue(issue)}`);
    throw new AdminError("invalid", [identAdminText.methodologyInvalid + ":", ...lines].join("\n"), { field: "patch" });
  }
  const stored = await ctx.ident.addMethodology({ districtId: district.id, version, settings: parsed.data, at: ctx.clock.now(), createdById: actor?.id ?? null });
  if (!stored) throw new AdminError("invalid", identAdminText.methodologyBusy);
  return methodologyView(district.id, await currentMethodology(ctx, district.id));
}

/** The current version as stored; the default is stored as version 1 the first time a run needs it. */
async function methodologyForRun(ctx: IdentificationContext, districtId: string, actor: Actor) {
  const current = await currentMethodology(ctx, districtId);
  if (current.latest) return { id: current.latest.id, methodology: current.methodology };
  const methodology = { ...DEFAULT_IDENTIFICATION, version: 1 };
  const stored = await ctx.ident.addMethodology({ districtId, version: 1, settings: methodology, at: ctx.clock.now(), createdById: actor?.id ?? null });
  if (stored) return { id: stored.id, methodology };
  const again = await currentMethodology(ctx, districtId);
  return { id: again.latest!.id, methodology: again.methodology };
}

// ---------- runs ----------

export interface RunSummary {
  runId: string;
  year: number;
  methodologyVersion: number;
  createdAt: Date;
  clusters: Record<Cluster, number>;
  shnor: number;
  shnsu: number;
  entered: RunSummaryData["entered"];
  left: RunSummaryData["left"];
  warnings: string[];
}

export interface RunView extends RunSummary {
  schools: RunSchool[];
  districtLowTasks: StoredRun["output"]["districtLowTasks"];
}

const summaryOf = (run: StoredRunHead): RunSummary => ({
  runId: run.id,
  year: run.year,
  methodologyVersion: run.methodologyVersion,
  createdAt: run.createdAt,
  ...run.summary,
});

/** Schools the run could not place in a cluster, each with the reason in words (no results, no social data). */
export function unclusteredOf(schools: RunSchool[]): Array<{ code: string; name: string; reason: string }> {
  return schools
    .filter((school) => school.cluster === null)
    .map((school) => ({
      code: school.schoolCode,
      name: school.schoolName,
      reason: school.explanation.checks
        .filter((check) => !check.passed && (check.rule === "results" || check.rule === "social"))
        .map((check) => check.text)
        .join(" "),
    }));
}

const viewOf = (run: StoredRun): RunView => ({ ...summaryOf(run), schools: run.output.schools, districtLowTasks: run.output.districtLowTasks });

/**
 * Applies the district's current methodology to every year's data, stores the run (never rewritten),
 * compares the lists with the previous run of the year (or the latest of the year before) and queues
 * the notices: a summary to district staff, the reason to heads of schools that entered a list.
 */
export async function runIdentification(ctx: IdentificationContext, actor: Actor, raw: { districtId: string; year: number }): Promise<RunSummary> {
  const input = parseInput(z.object({ districtId: id, year }), raw);
  const district = await findDistrict(ctx, actor, input.districtId);
  const [data, schools, flags] = await Promise.all([ctx.ident.loadData(district.id, { from: input.year - LOOKBACK_YEARS, to: input.year }), ctx.ident.districtSchools(district.id), ctx.ident.curatorFlags(district.id)]);
  const hasYear = (rows: Array<{ year: number }>) => rows.some((row) => row.year === input.year);
  if (!hasYear(data.results) && !hasYear(data.social)) throw new AdminError("invalid", identAdminText.noData(input.year), { field: "year" });
  const { id: methodologyId, methodology } = await methodologyForRun(ctx, district.id, actor);

  const idOf = new Map(schools.filter((school) => school.code !== null).map((school) => [school.code!, school.id]));
  const codeOf = new Map(schools.map((school) => [school.id, school.code]));
  const withData = new Set([...data.results, ...data.items, ...data.social].map((row) => row.schoolCode));
  const output = identify(
    {
      year: input.year,
      results: data.results,
      items: data.items,
      social: data.social,
      schools: schools.filter((school) => school.code !== null && withData.has(school.code)).map((school) => ({ code: school.code!, name: school.name })),
      // The flags the district set win over the social file's.
      curatorFlags: [...flags].filter(([schoolId]) => codeOf.get(schoolId)).map(([schoolId, set]) => ({ schoolCode: codeOf.get(schoolId)!, ...set })),
    },
    methodology,
  );
  const runSchools: RunSchool[] = output.schools.map((school) => ({ ...school, schoolId: idOf.get(school.schoolCode) ?? "" }));
  const previous = (await ctx.ident.latestRun(district.id, input.year)) ?? (await ctx.ident.latestRun(district.id, input.year - 1));
  const changes = listChanges(previous?.output.schools ?? null, output.schools);
  const summary: RunSummaryData = {
    clusters: output.clusters,
    shnor: output.schools.filter((school) => school.shnor).length,
    shnsu: output.schools.filter((school) => school.shnsu).length,
    entered: changes.entered,
    left: changes.left,
    warnings: output.warnings,
  };
  const stored = await ctx.ident.saveRun({
    districtId: district.id,
    year: input.year,
    methodologyId,
    methodologyVersion: methodology.version,
    at: ctx.clock.now(),
    createdById: actor?.id ?? null,
    summary,
    output: { year: output.year, schools: runSchools, clusters: output.clusters, districtLowTasks: output.districtLowTasks, warnings: output.warnings },
  });
  const view: RunView = { ...summaryOf(stored), schools: runSchools, districtLowTasks: output.districtLowTasks };
  // Whoever ran it sees the summary in their answer; the rest of the district's staff get it as a notice.
  const notices = await runNotices(ctx, view, { districtId: district.id, districtName: district.name });
  await ctx.repo.enqueue(notices.filter((message) => !(actor && message.personId === actor.id && !message.appStart)));
  return summaryOf(stored);
}

/** A stored run: by id, else the newest of the year, else the newest of all. */
export async function getRun(ctx: IdentificationContext, actor: Actor, raw: { districtId: string; year?: number; runId?: string }): Promise<RunView | null> {
  const input = parseInput(z.object({ districtId: id, year: year.optional(), runId: id.optional() }), raw);
  const district = await findDistrict(ctx, actor, input.districtId, "read");
  if (input.runId) {
    const run = await ctx.ident.getRun(input.runId);
    if (!run || run.districtId !== district.id) throw new AdminError("not_found", identAdminText.runNotFound, { field: "run" });
    return viewOf(run);
  }
  const run = await ctx.ident.latestRun(district.id, input.year);
  return run ? viewOf(run) : null;
}

/** The district's runs, newest first. */
export async function listRuns(ctx: IdentificationContext, actor: Actor, raw: { districtId: string }): Promise<RunSummary[]> {
  const district = await findDistrict(ctx, actor, parseInput(id, raw.districtId));
  return (await ctx.ident.listRuns(district.id)).map(summaryOf);
}

/** Years with data of any kind, or with a run, ascending. */
export async function runYears(ctx: IdentificationContext, actor: Actor, raw: { districtId: string }): Promise<number[]> {
  const district = await findDistrict(ctx, actor, parseInput(id, raw.districtId), "read");
  const [data, runs] = await Promise.all([ctx.ident.dataYears(district.id), ctx.ident.listRuns(district.id)]);
  return [...new Set([...data.map((entry) => entry.year), ...runs.map((run) => run.year)])].sort((a, b) => a - b);
}

/** What the district has loaded, per year and kind (schools with data). */
export async function dataOverview(ctx: IdentificationContext, actor: Actor, raw: { districtId: string }) {
  const district = await findDistrict(ctx, actor, parseInput(id, raw.districtId));
  const rows = await ctx.ident.dataYears(district.id);
  const years = [...new Set(rows.map((row) => row.year))].sort((a, b) => a - b);
  const count = (year: number, kind: RowKind) => rows.find((row) => row.year === year && row.kind === kind)?.schools ?? 0;
  return { district, years: years.map((entry) => ({ year: entry, results: count(entry, "results"), items: count(entry, "items"), social: count(entry, "social") })) };
}

// ---------- the school card ----------

export interface SchoolCard {
  school: { id: string; name: string; code: string | null };
  districtId: string;
  run: RunSummary | null;
  identification: RunSchool | null;
  why: string[];
  history: Array<{ year: number; resultsIndex: number | null; socialIndex: number | null; cluster: Cluster | null; shnor: boolean; shnsu: boolean }>;
  official: Array<{ kind: ListKind; source: string; documentNumber: string; documentDate: string; listed: boolean }>;
}

/** District staff of its district (and its working group, read-only) see any school's card; a head only their own school's. */
function assertSeesSchool(actor: Actor, school: { id: string; districtId: string }) {
  if (!actor || canReadDistrict(actor.memberships, school.districtId)) return;
  const head = actor.memberships.filter((membership) => membership.active && membership.role === "head");
  if (head.some((membership) => membership.schoolId === school.id)) return;
  throw new AdminError("forbidden", head.length ? identAdminText.headOwnSchoolOnly : identAdminText.cardForbidden);
}

export async function schoolCard(ctx: IdentificationContext, actor: Actor, raw: { schoolId: string; year?: number }): Promise<SchoolCard> {
  const input = parseInput(z.object({ schoolId: id, year: year.optional() }), raw);
  const school = await ctx.repo.getSchool(input.schoolId);
  if (!school) throw new AdminError("not_found", identAdminText.schoolNotFound, { field: "school" });
  assertSeesSchool(actor, school);
  const [run, history] = await Promise.all([ctx.ident.latestRun(school.districtId, input.year), ctx.ident.schoolHistory(school.districtId, school.id)]);
  const identification = run?.output.schools.find((entry) => entry.schoolId === school.id) ?? null;
  const listYear = run?.year ?? input.year;
  const lists = listYear === undefined ? [] : await ctx.ident.officialLists(school.districtId, { year: listYear });
  return {
    school: { id: school.id, name: school.name, code: school.code },
    districtId: school.districtId,
    run: run ? summaryOf(run) : null,
    identification,
    why: identification ? explainSchool(identification) : [],
    history: history
      .filter((entry) => entry.school)
      .map(({ year: entryYear, school: entry }) => ({
        year: entryYear,
        resultsIndex: entry!.resultsIndex,
        socialIndex: entry!.socialIndex,
        cluster: entry!.cluster,
        shnor: entry!.shnor,
        shnsu: entry!.shnsu,
      })),
    official: lists.map((list) => ({
      kind: list.kind,
      source: list.source,
      documentNumber: list.documentNumber,
      documentDate: list.documentDate,
      listed: list.schools.some((entry) => entry.schoolId === school.id),
    })),
  };
}

/** Seed 004's curator criteria the district sets for a school (district staff of its district). */
export async function setCuratorFlags(
  ctx: IdentificationContext,
  actor: Actor,
  raw: { schoolId: string; innovationPlatform?: boolean | null; headCompetence?: boolean | null; headMotivation?: boolean | null },
): Promise<CuratorFlags & { schoolId: string }> {
  const flag = z.boolean().nullable().optional();
  const input = parseInput(z.object({ schoolId: id, innovationPlatform: flag, headCompetence: flag, headMotivation: flag }), raw);
  const school = await ctx.repo.getSchool(input.schoolId);
  if (!school) throw new AdminError("not_found", identAdminText.schoolNotFound, { field: "school" });
  assertManages(actor, school.districtId);
  const { schoolId, ...flags } = input;
  if (!Object.values(flags).some((value) => value !== undefined)) throw new AdminError("invalid", identAdminText.badFlags);
  return { schoolId, ...(await ctx.ident.setCuratorFlags(schoolId, flags, ctx.clock.now())) };
}

// ---------- lists from above ----------

export interface OfficialComparison {
  year: number;
  kind: ListKind;
  run: RunSummary | null;
  list: { source: string; documentNumber: string; documentDate: string; importedAt: Date } | null;
  both: ReturnType<typeof compareWithOfficial>["both"];
  onlyComputed: ReturnType<typeof compareWithOfficial>["onlyComputed"];
  onlyOfficial: ReturnType<typeof compareWithOfficial>["onlyOfficial"];
}

/** The computed list of the year's newest run beside the newest official list of that kind and year, both ways explained. */
/** The newest official list of each kind for the run's year, compared with this run's lists (CLI `lists`). */
async function officialBeside(ctx: IdentificationContext, districtId: string, run: RunView) {
  const stored = await ctx.ident.officialLists(districtId, { year: run.year });
  const newest = (["shnor", "shnsu"] as const).map((kind) => stored.find((list) => list.kind === kind)).filter((list) => list !== undefined);
  return newest.map((entry) => {
    const list: OfficialList = {
      kind: entry.kind,
      year: entry.year,
      source: entry.source,
      documentNumber: entry.documentNumber,
      documentDate: entry.documentDate,
      schools: entry.schools.map((school) => ({ schoolCode: school.schoolCode ?? school.schoolId, schoolName: school.schoolName, note: school.note })),
    };
    return { kind: entry.kind, source: entry.source, documentNumber: entry.documentNumber, documentDate: entry.documentDate, ...compareWithOfficial(run.schools, list) };
  });
}

export async function officialComparison(ctx: IdentificationContext, actor: Actor, raw: { districtId: string; year: number; kind: ListKind }): Promise<OfficialComparison> {
  const input = parseInput(z.object({ districtId: id, year, kind: z.enum(["shnor", "shnsu"]) }), raw);
  const district = await findDistrict(ctx, actor, input.districtId, "read");
  const [run, lists] = await Promise.all([ctx.ident.latestRun(district.id, input.year), ctx.ident.officialLists(district.id, { year: input.year, kind: input.kind })]);
  const stored = lists[0] ?? null;
  const base = { year: input.year, kind: input.kind, run: run ? summaryOf(run) : null, list: stored ? { source: stored.source, documentNumber: stored.documentNumber, documentDate: stored.documentDate, importedAt: stored.importedAt } : null };
  if (!run || !stored) return { ...base, both: [], onlyComputed: [], onlyOfficial: [] };
  const list: OfficialList = {
    kind: stored.kind,
    year: stored.year,
    source: stored.source,
    documentNumber: stored.documentNumber,
    documentDate: stored.documentDate,
    schools: stored.schools.map((entry) => ({ schoolCode: entry.schoolCode ?? entry.schoolId, schoolName: entry.schoolName, note: entry.note })),
  };
  const compared = compareWithOfficial(run.output.schools, list);
  return { ...base, both: compared.both, onlyComputed: compared.onlyComputed, onlyOfficial: compared.onlyOfficial };
}

// ---------- notices after a run ----------

const clusterName = (cluster: Cluster) => CLUSTER_NAMES[cluster];

/** The reasons a school is on its lists, in words: the passed list rules' texts, else the card's explanation. */
function listReasons(school: SchoolIdentification, lists: ListKind[]): string[] {
  const passed = school.explanation.checks.filter((check) => (lists as string[]).includes(check.rule) && check.passed).map((check) => check.text);
  return passed.length ? passed : explainSchool(school).slice(0, 3);
}

/**
 * The run's messages: a summary to each active district staff member, and to the active head of each
 * school that entered a list its reason with the Mini App button to the school card
 * (appStart "school-<id>"). Dedupe keys carry the run, so a message goes once per run.
 */
export async function runNotices(
  ctx: IdentificationContext,
  run: RunView,
  district: { districtId: string; districtName: string },
): Promise<IdentificationMessage[]> {
  const entered = new Map<string, ListKind[]>();
  for (const item of run.entered) entered.set(item.schoolCode, [...(entered.get(item.schoolCode) ?? []), item.list]);
  const enteredSchools = run.schools.filter((school) => entered.has(school.schoolCode) && school.schoolId);
  const recipients = await ctx.ident.noticeRecipients(district.districtId, enteredSchools.map((school) => school.schoolId));
  const staffText = identAdminText.staffNotice({
    districtName: district.districtName,
    year: run.year,
    version: run.methodologyVersion,
    clusters: CLUSTERS.map((cluster) => ({ name: clusterName(cluster), count: run.clusters[cluster] ?? 0 })),
    shnor: run.shnor,
    shnsu: run.shnsu,
    entered: run.entered,
    left: run.left,
  });
  const messages: IdentificationMessage[] = [];
  for (const recipient of recipients) {
    const address = { personId: recipient.personId, channel: recipient.channel, chatId: recipient.chatId };
    if (recipient.role === "district") {
      messages.push({ ...address, dedupeKey: `ident:${run.runId}:district:${recipient.personId}`, text: staffText });
      continue;
    }
    const school = enteredSchools.find((entry) => entry.schoolId === recipient.schoolId);
    if (!school) continue;
    const lists = entered.get(school.schoolCode)!;
    messages.push({
      ...address,
      dedupeKey: `ident:${run.runId}:head:${recipient.personId}:${school.schoolId}`,
      text: identAdminText.headNotice({ schoolName: school.schoolName, year: run.year, lists, reasons: listReasons(school, lists) }),
      appStart: `school-${school.schoolId}`,
    });
  }
  return messages;
}

// ---------- the operator's commands (CLI and the admin bridge) ----------

export { KIND_NAMES };

type RawOptions = Record<string, unknown>;

/** A command as the CLI and the admin bridge run it: options checked by zod, the use case run as the operator. */
export interface IdentificationCommand<T = unknown> {
  (ctx: IdentificationContext, raw?: RawOptions): Promise<T>;
  /** Checks the options only, before the database opens. */
  validate(raw?: RawOptions): void;
}

const optionName = (key: PropertyKey) => `--${String(key).replace(/[A-Z]/g, (char) => `-${char.toLowerCase()}`)}`;

function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => (issue.path.length ? `${optionName(issue.path[0]!)}: ${issue.message}` : issue.message));
  throw new AdminError("invalid", [...new Set(lines)].join("\n"));
}

function command<S extends z.ZodType, T>(schema: S, run: (ctx: IdentificationContext, input: z.output<S>) => Promise<T>): IdentificationCommand<T> {
  return Object.assign(
    async (ctx: IdentificationContext, raw: RawOptions = {}) => {
      const input = parseOptions(schema, raw);
      try {
        return await run(ctx, input);
      } catch (error) {
        throw error instanceof AdminError ? forOperator(error) : error;
      }
    },
    { validate: (raw: RawOptions = {}) => void parseOptions(schema, raw) },
  );
}

const option = (what: string, max = 200) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `не указан(о) ${what}` : "должно быть текстом") })
    .trim()
    .min(1, { error: `пустое значение; укажите ${what}` })
    .max(max, { error: `слишком длинно (больше ${max} символов)` });
const yearOption = z
  .union([z.number(), z.string().trim().regex(/^\d{4}$/, { error: identAdminText.badYear }).transform(Number)], {
    error: (issue) => (issue.input === undefined ? identAdminText.noYear : identAdminText.badYear),
  })
  .pipe(year);
const districtOption = option("район (id или точное название)");
/** The file's bytes: read by the CLI; through the admin bridge as base64. */
const contentOption = z
  .union([z.custom<Uint8Array>((value) => value instanceof Uint8Array), z.string().transform((text) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0)))], { error: identAdminText.emptyFile })
  .optional();

const LIST_KIND_WORDS: Record<string, string> = { шнор: "shnor", шнсу: "shnsu" };

const importOptions = z.object({
  district: districtOption,
  file: option("файл (--file)", 1000),
  content: contentOption,
  dryRun: z.boolean().optional(),
  // An official list's document.
  // ШНОР / ШНСУ as the officer writes them, or shnor / shnsu.
  kind: z
    .preprocess((value) => (typeof value === "string" ? (LIST_KIND_WORDS[value.trim().toLowerCase()] ?? value.trim().toLowerCase()) : value), z.enum(["shnor", "shnsu"], { error: "вид списка: ШНОР или ШНСУ (shnor или shnsu)" }))
    .optional(),
  year: yearOption.optional(),
  source: option("источник списка", 300).optional(),
  number: option("номер документа", 100).optional(),
  // 2026-02-10, or 10.02.2026 as the template's own hint writes it.
  date: z
    .string()
    .trim()
    .transform((text) => text.replace(/^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, (_, day: string, month: string, yearText: string) => `${yearText}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`))
    .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: identAdminText.badDate }))
    .optional(),
  onProgress: progress,
});

const importCommand = (dataKind: DataKind) =>
  command(importOptions, async (ctx, input): Promise<DataImport & { district: { id: string; name: string }; dryRun: boolean; file: string }> => {
    if (!input.content) throw new AdminError("invalid", identAdminText.emptyFile, { field: "file" });
    const district = await findDistrict(ctx, null, input.district);
    const official =
      dataKind === "official-list"
        ? { kind: input.kind, year: input.year, source: input.source, documentNumber: input.number, documentDate: input.date }
        : undefined;
    const request = { districtId: district.id, kind: dataKind, fileName: input.file.split(/[\\/]/).pop() ?? input.file, content: input.content, official, onProgress: input.onProgress };
    const dryRun = input.dryRun ?? false;
    const result = dryRun ? { ...(await checkData(ctx, null, request)), written: false } : await importData(ctx, null, request);
    return { ...result, district: { id: district.id, name: district.name }, dryRun, file: input.file };
  });

export const identificationCommands = {
  "import results": importCommand("results"),
  "import items": importCommand("items"),
  "import social": importCommand("social"),
  "import official-list": importCommand("official-list"),
  identify: command(z.object({ district: districtOption, year: yearOption }), async (ctx, input) => {
    const district = await findDistrict(ctx, null, input.district);
    const summary = await runIdentification(ctx, null, { districtId: district.id, year: input.year });
    const run = await getRun(ctx, null, { districtId: district.id, runId: summary.runId });
    return { district: { id: district.id, name: district.name }, ...summary, unclustered: unclusteredOf(run?.schools ?? []) };
  }),
  lists: command(z.object({ district: districtOption, year: yearOption.optional(), run: option("расчёт (--run)", 100).optional() }), async (ctx, input) => {
    const district = await findDistrict(ctx, null, input.district);
    const run = await getRun(ctx, null, { districtId: district.id, year: input.year, runId: input.run });
    if (!run) throw new AdminError("not_found", input.year ? `за ${input.year} год расчётов ещё нет; запустите: identify --district "${district.name}" --year ${input.year}` : "расчётов ещё нет; запустите identify");
    return { district: { id: district.id, name: district.name, timezone: district.timezone }, run, official: await officialBeside(ctx, district.id, run) };
  }),
  "methodology show": command(z.object({ district: districtOption }), async (ctx, input) => {
    const district = await findDistrict(ctx, null, input.district);
    return { district: { id: district.id, name: district.name }, ...(await getMethodology(ctx, null, { districtId: district.id })) };
  }),
  "methodology set": command(z.object({ district: districtOption, patch: z.record(z.string(), z.unknown(), { error: "укажите изменения: --set путь=значение или --file изменения.json" }) }), async (ctx, input) => {
    const district = await findDistrict(ctx, null, input.district);
    try {
      return { district: { id: district.id, name: district.name }, ...(await setMethodology(ctx, null, { districtId: district.id, patch: input.patch })) };
    } catch (error) {
      // The command's changes come from --set (or --file), not from an option called "patch".
      if (error instanceof AdminError && error.detail.field === "patch") throw new AdminError(error.kind, error.message, { ...error.detail, field: "set" });
      throw error;
    }
  }),
} as const satisfies Record<string, IdentificationCommand>;

export type IdentificationCommandName = keyof typeof identificationCommands;

export function findIdentificationCommand(name: string): IdentificationCommand | null {
  return Object.hasOwn(identificationCommands, name) ? (identificationCommands[name as IdentificationCommandName] as IdentificationCommand) : null;
}
