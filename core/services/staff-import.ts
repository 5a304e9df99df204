// Bulk set-up of a district (DOMAIN.md §11c): schools with their official codes and staff, from the
// XLSX template. files/staff-workbook.ts reads the workbook into plain rows (in the CLI, or on the
// server for an upload); this module checks them against the district and writes them. Contract of
// `importStaff`: the actor is the operator (null) or district staff of the district; every problem
// is named at once with its sheet, row and column (with the warnings beside them), and nothing is
// written while any remains; otherwise everything goes in one transaction, with a personal invite
// for each new person. A re-import adds only what is new: a person is known by ФИО, school and role.
import { z } from "zod";
import { DEFAULT_INVITE_DAYS, DEFAULT_MAX_USES, makeCode } from "../invites/codes.ts";
import { COLUMN, EXAMPLE_MARK, importText, SHEET, STAFF_ROLES } from "../messages/admin.ts";
import type { Role } from "../roles.ts";
import { AdminError, DAY_MS, findDistrict, formatLocal, type Actor, type AdminContext } from "./admin.ts";
import type { DistrictSnapshot, ImportWrite } from "./admin-ports.ts";

export type { DistrictSnapshot } from "./admin-ports.ts";

/** Sheet and column titles, the role words and the example mark are texts: core/messages/admin.ts. */
export { COLUMN, EXAMPLE_MARK, SHEET, STAFF_ROLES };
export type SheetKey = "schools" | "staff";

export type StaffRole = (typeof STAFF_ROLES)[keyof typeof STAFF_ROLES];
export const STAFF_ROLE_WORDS = Object.keys(STAFF_ROLES) as Array<keyof typeof STAFF_ROLES>;

/**
 * A row of «Школы» as read from the workbook: cell texts, untrimmed; `row` is the sheet's row number.
 * `formulas` names the fields whose cell holds a formula with no saved value (a file never opened in
 * Excel after the formula was typed, or written by a program that does not compute).
 */
export interface SchoolRow {
  row: number;
  code: string;
  name: string;
  formulas?: string[];
}

/** A row of «Сотрудники». */
export interface StaffRow {
  row: number;
  code: string;
  name: string;
  role: string;
  formulas?: string[];
}

/** Text as a person reads it: any run of blanks (non-breaking spaces and line breaks too) is one space. */
export const cleanText = (value: string) => value.replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
/** Zero-width spaces and joiners, soft hyphens and the byte-order mark: invisible, yet they make two names differ. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/** Excel's error values, as a cell shows them. */
const EXCEL_ERROR = /^#(DIV\/0!|N\/A|NAME\?|NULL!|NUM!|REF!|VALUE!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$/i;

/** The longest cell the rows may carry; longer ones are reported with their sheet and row. */
export const MAX_CELL = 1000;

/** The same ФИО or school name in any case, with е for ё, names the same person or school. */
export const nameKey = (name: string) => cleanText(name).toLocaleLowerCase("ru").replaceAll("ё", "е");

// ---------- rows ----------

const ROLE_HINT = STAFF_ROLE_WORDS.join(", ");

const filled = (empty: string, max: number) =>
  z
    .string()
    .transform(cleanText)
    .pipe(
      z
        .string()
        .min(1, { error: empty })
        .max(max, { error: (issue) => importText.cellTooLong(String(issue.input).length, max) })
        .refine((text) => !EXCEL_ERROR.test(text), { error: (issue) => importText.excelError(String(issue.input)) }),
    );

const schoolCode = filled(importText.noCode, 40);

const personName = filled(importText.noPerson, 200).superRefine((name, ctx) => {
  if (!name || EXCEL_ERROR.test(name)) return;
  if (/\d/.test(name)) {
    ctx.addIssue({ code: "custom", message: importText.digitsInName(name) });
  } else if (!name.split(" ").every((word) => /\p{L}/u.test(word))) {
    ctx.addIssue({ code: "custom", message: importText.notAName(name) });
  } else if (name.split(" ").length < 2) {
    ctx.addIssue({ code: "custom", message: importText.shortName(name) });
  }
});

const staffRole = z.string().transform((value, ctx): StaffRole => {
  const word = nameKey(value);
  if (!Object.hasOwn(STAFF_ROLES, word)) {
    ctx.addIssue({
      code: "custom",
      message: word ? importText.unknownRole(cleanText(value), ROLE_HINT) : importText.noRole(ROLE_HINT),
    });
    return z.NEVER;
  }
  return STAFF_ROLES[word as keyof typeof STAFF_ROLES];
});

/** What each sheet's row must hold, column by column. */
const ROW_FIELDS = {
  schools: { code: [schoolCode, COLUMN.code], name: [filled(importText.noSchoolName, 300), COLUMN.schoolName] },
  staff: { code: [schoolCode, COLUMN.code], name: [personName, COLUMN.person], role: [staffRole, COLUMN.role] },
} as const;

/** One cell over the wire: bounded far above MAX_CELL, so that the row check names the place of a long one. */
const cell = z.string().max(100_000, { error: importText.cellOverLimit });
const formulas = z.array(z.string().max(20)).max(10).optional();

/** Plain rows as the command receives them (from the CLI or, through the server, as JSON). */
export const ImportRowsSchema = {
  schools: z
    .array(z.object({ row: z.number().int().positive(), code: cell, name: cell, formulas: formulas }))
    .max(2000, { error: importText.tooManySchools }),
  staff: z
    .array(
      z.object({ row: z.number().int().positive(), code: cell, name: cell, role: cell, formulas: formulas }),
    )
    .max(10_000, { error: importText.tooManyStaff }),
};

export interface Problem {
  sheet: SheetKey;
  row: number;
  column?: string;
  message: string;
}

/** «Сотрудники», строка 14, столбец «Роль»: неизвестная роль «завуч»; … */
export function formatProblem(problem: Problem): string {
  return importText.problem(SHEET[problem.sheet], problem.row, problem.column, problem.message);
}

const byPlace = (a: Problem, b: Problem) => (a.sheet === b.sheet ? a.row - b.row : a.sheet === "schools" ? -1 : 1);

/** Parses each field of a row on its own, so that one bad cell does not hide another. */
function parseFields<Sheet extends SheetKey>(
  sheet: Sheet,
  raw: SchoolRow | StaffRow,
  problems: Problem[],
): { [K in keyof (typeof ROW_FIELDS)[Sheet]]?: (typeof ROW_FIELDS)[Sheet][K] extends readonly [z.ZodType<infer T>, string] ? T : never } {
  const parsed: Record<string, unknown> = {};
  for (const [field, [schema, column]] of Object.entries(ROW_FIELDS[sheet]) as Array<[string, readonly [z.ZodType, string]]>) {
    if (raw.formulas?.includes(field)) {
      problems.push({
        sheet,
        row: raw.row,
        column,
        message: importText.formula,
      });
      continue;
    }
    const result = schema.safeParse((raw as unknown as Record<string, unknown>)[field] ?? "");
    if (result.success) parsed[field] = result.data;
    else for (const issue of result.error.issues) problems.push({ sheet, row: raw.row, column, message: issue.message });
  }
  return parsed as never;
}

// ---------- plan ----------

export interface PlannedSchool {
  id: string;
  code: string;
  name: string;
  /** Row of «Школы», or null for a school of the district named only by code in «Сотрудники». */
  row: number | null;
  /** create: new; rename: its name in the file differs; code: a school without a code gets it; keep. */
  action: "create" | "rename" | "code" | "keep";
  previousName?: string;
}

export interface PlannedMembership {
  personId: string;
  role: StaffRole;
  schoolId: string;
  row: number;
  newPerson: boolean;
}

export interface PlannedPerson {
  id: string;
  name: string;
  /** The one personal invite: the person's first row (all memberships join when it is redeemed). */
  invite: { role: StaffRole; schoolId: string };
}

export interface ImportPlan {
  problems: Problem[];
  /** Notes that do not stop the import (a repeated row, a person brought back). */
  warnings: Problem[];
  schools: PlannedSchool[];
  people: PlannedPerson[];
  memberships: PlannedMembership[];
  /** Staff rows already in the district (same person, school and role, active). */
  present: Array<{ schoolId: string; row: number }>;
  /** Known people who get another school or role. */
  existingPeople: number;
  staffRows: number;
}

/** Ids in Prisma's cuid shape (c + 24), made here so that rows can go in with one insert per table. */
export const rowIdMaker = (randomBytes: (size: number) => Uint8Array) => () =>
  `c${[...randomBytes(12)].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`;

const stripZeros = (code: string) => code.replace(/^0+/, "");

/** «кузнецова о и» for «Кузнецова Ольга Ивановна» and «Кузнецова О.И.»: surname and initials. */
const initialsKey = (name: string) => {
  const [surname, ...rest] = nameKey(name).replace(/\./g, " ").split(" ").filter(Boolean);
  return [surname, ...rest.map((word) => word[0])].join(" ");
};
const abbreviated = (name: string) => /(^|\s)\p{L}\.|(^|\s)\p{L}(\s|$)/u.test(cleanText(name).split(" ").slice(1).join(" "));

/**
 * «Кузнецова О.И.» beside «Кузнецова Ольга Ивановна» in one school is probably one person written
 * twice: loaded as two, so it is said.
 */
function probableTwins(groups: Map<string, { name: string; rows: Array<{ row: number; schoolId: string }> }>): Problem[] {
  const seen = new Map<string, { name: string; row: number }>();
  const warnings: Problem[] = [];
  for (const group of groups.values()) {
    for (const entry of group.rows) {
      const key = `${entry.schoolId}|${initialsKey(group.name)}`;
      const other = seen.get(key);
      if (other && other.name !== group.name && (abbreviated(group.name) || abbreviated(other.name))) {
        warnings.push({
          sheet: "staff",
          row: entry.row,
          column: COLUMN.person,
          message: importText.probableTwin(group.name, other.name, other.row),
        });
      } else if (!other) {
        seen.set(key, { name: group.name, row: entry.row });
      }
    }
  }
  return warnings;
}

export function planImport(
  input: { schools: SchoolRow[]; staff: StaffRow[] },
  district: DistrictSnapshot,
  newId: () => string,
): ImportPlan {
  const problems: Problem[] = [];
  const warnings: Problem[] = [];

  // Schools: upserted by (district, code).
  const stored = new Map(district.schools.filter((school) => school.code !== null).map((school) => [school.code!, school]));
  const planned = new Map<string, PlannedSchool>();
  /** Codes whose «Школы» row has a problem: their staff rows are not blamed for it again. */
  const failedCodes = new Set<string>();
  const claimedUncoded = new Set<string>();
  for (const raw of input.schools) {
    const before = problems.length;
    const { code, name } = parseFields("schools", raw, problems);
    if (code === undefined || name === undefined) {
      if (code !== undefined && problems.length > before) failedCodes.add(code);
      continue;
    }
    const twin = planned.get(code);
    if (twin) {
      problems.push({ sheet: "schools", row: raw.row, column: COLUMN.code, message: importText.codeRepeated(code, twin.row) });
      continue;
    }
    const existing = stored.get(code);
    if (existing) {
      const same = existing.name === name;
      planned.set(code, { id: existing.id, code, name, row: raw.row, action: same ? "keep" : "rename", ...(same ? {} : { previousName: existing.name }) });
      continue;
    }
    const namesakes = district.schools.filter((school) => nameKey(school.name) === nameKey(name));
    const uncoded = namesakes.find((school) => school.code === null && !claimedUncoded.has(school.id));
    if (uncoded) {
      claimedUncoded.add(uncoded.id);
      planned.set(code, { id: uncoded.id, code, name, row: raw.row, action: "code" });
    } else if (namesakes.length) {
      failedCodes.add(code);
      problems.push({
        sheet: "schools",
        row: raw.row,
        column: COLUMN.code,
        message: importText.schoolNamesake(namesakes[0]!.name, namesakes[0]!.code),
      });
    } else {
      planned.set(code, { id: newId(), code, name, row: raw.row, action: "create" });
      const padded = district.schools.find((school) => school.code !== null && school.code !== code && stripZeros(school.code) === stripZeros(code));
      if (padded) {
        warnings.push({
          sheet: "schools",
          row: raw.row,
          column: COLUMN.code,
          message: importText.leadingZeros(code, padded.code, padded.name),
        });
      }
    }
  }

  // Staff rows, grouped by person: the same ФИО in two schools is one person.
  const knownCodes = [...new Set([...planned.keys(), ...stored.keys()])];
  const groups = new Map<string, { name: string; rows: Array<{ row: number; schoolId: string; role: StaffRole }> }>();
  const seenRows = new Map<string, number>();
  for (const raw of input.staff) {
    const { code, name, role } = parseFields("staff", raw, problems);
    let school: { id: string; code: string | null; name: string } | undefined;
    if (code !== undefined) {
      school = planned.get(code) ?? stored.get(code);
      if (!school && !failedCodes.has(code)) {
        const lookalike = knownCodes.find((known) => known !== code && stripZeros(known) === stripZeros(code));
        problems.push({
          sheet: "staff",
          row: raw.row,
          column: COLUMN.code,
          message: importText.codeNotFound(code, lookalike),
        });
      }
      if (school && !planned.has(code)) planned.set(code, { id: school.id, code, name: school.name, row: null, action: "keep" });
    }
    if (!school || name === undefined || role === undefined) continue;
    const key = nameKey(name);
    const rowKey = `${key}|${school.id}|${role}`;
    const first = seenRows.get(rowKey);
    if (first !== undefined) {
      warnings.push({ sheet: "staff", row: raw.row, message: importText.repeatedRow(first) });
      continue;
    }
    seenRows.set(rowKey, raw.row);
    const group = groups.get(key) ?? { name, rows: [] };
    group.rows.push({ row: raw.row, schoolId: school.id, role });
    groups.set(key, group);
  }

  warnings.push(...probableTwins(groups));

  // People the district already has, by name: anyone with a membership here, active or ended.
  const known = new Map<string, Set<string>>();
  for (const membership of district.memberships) {
    if (!membership.personName) continue;
    const key = nameKey(membership.personName);
    known.set(key, (known.get(key) ?? new Set()).add(membership.personId));
  }

  const people: PlannedPerson[] = [];
  const memberships: PlannedMembership[] = [];
  const present: ImportPlan["present"] = [];
  let existingPeople = 0;
  for (const [key, group] of groups) {
    const candidates = [...(known.get(key) ?? [])];
    if (candidates.length > 1) {
      problems.push({
        sheet: "staff",
        row: group.rows[0]!.row,
        column: COLUMN.person,
        message: importText.severalNamesakes(group.name),
      });
      continue;
    }
    const personId = candidates[0] ?? newId();
    const newPerson = candidates.length === 0;
    let added = 0;
    for (const entry of group.rows) {
      if (!newPerson) {
        const mine = district.memberships.filter(
          (membership) => membership.personId === personId && membership.role === entry.role && membership.schoolId === entry.schoolId,
        );
        if (mine.some((membership) => membership.active)) {
          present.push({ schoolId: entry.schoolId, row: entry.row });
          continue;
        }
        if (mine.length) {
          warnings.push({ sheet: "staff", row: entry.row, message: importText.broughtBack(group.name) });
        }
      }
      memberships.push({ personId, role: entry.role, schoolId: entry.schoolId, row: entry.row, newPerson });
      added++;
    }
    if (newPerson) people.push({ id: personId, name: group.name, invite: { role: group.rows[0]!.role, schoolId: group.rows[0]!.schoolId } });
    else if (added) existingPeople++;
  }

  return {
    problems: problems.sort(byPlace),
    warnings: warnings.sort(byPlace),
    schools: [...planned.values()],
    people,
    memberships,
    present,
    existingPeople,
    staffRows: input.staff.length,
  };
}

/** What the import did (or, on a dry run, would do) per school, in the order of the file. */
export function schoolSummary(plan: ImportPlan) {
  return plan.schools.map((school) => {
    const memberships = plan.memberships.filter((membership) => membership.schoolId === school.id);
    return {
      id: school.id,
      code: school.code,
      name: school.name,
      action: school.action,
      previousName: school.previousName ?? null,
      newPeople: new Set(memberships.filter((membership) => membership.newPerson).map((membership) => membership.personId)).size,
      newMemberships: memberships.length,
      alreadyPresent: plan.present.filter((entry) => entry.schoolId === school.id).length,
      invites: plan.people.filter((person) => person.invite.schoolId === school.id).length,
    };
  });
}

// ---------- the use case ----------

/** How many problems of one kind a report shows; the rest are counted, and listed in full in `lines`. */
export const SHOWN_PER_KIND = 50;

/** A problem's kind: its column and message with the quoted and numbered parts left out. */
const kindOf = (problem: Problem) =>
  `${problem.sheet}|${problem.column ?? ""}|${problem.message.replace(/«[^»]*»/g, "«»").replace(/\d+/g, "N")}`;

/**
 * The lines a person reads: at most SHOWN_PER_KIND of each kind, then «… и ещё N таких же». Every
 * line is in `all`, for a file.
 */
export function summarizeProblems(problems: readonly Problem[]): { shown: string[]; all: string[]; hidden: number } {
  const counts = new Map<string, number>();
  const hiddenByKind = new Map<string, { count: number; example: Problem }>();
  const shown: string[] = [];
  for (const problem of problems) {
    const kind = kindOf(problem);
    const count = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, count);
    if (count <= SHOWN_PER_KIND) shown.push(formatProblem(problem));
    else hiddenByKind.set(kind, { count: (hiddenByKind.get(kind)?.count ?? 0) + 1, example: hiddenByKind.get(kind)?.example ?? problem });
  }
  let hidden = 0;
  for (const { count, example } of hiddenByKind.values()) {
    hidden += count;
    shown.push(importText.moreOfKind(count, SHEET[example.sheet], example.column, example.message));
  }
  return { shown, all: problems.map(formatProblem), hidden };
}

export interface ImportInput {
  district: string;
  schools: SchoolRow[];
  staff: StaffRow[];
  dryRun?: boolean;
  /** Days the new personal invites last (default 30). */
  days?: number;
  /** What the reader noticed about the file itself (merged cells), shown with the row warnings. */
  fileWarnings?: string[];
}

/**
 * Checks the rows against the district and, unless `dryRun`, writes them. Refuses with
 * AdminError("invalid") listing the problems (at most 50 per kind) and the warnings; the full list
 * is in the error's `detail.lines`.
 */
export async function importStaff(ctx: AdminContext, actor: Actor, input: ImportInput) {
  const started = performance.now();
  const district = await findDistrict(ctx, actor, input.district);
  if (!input.schools.length && !input.staff.length) {
    throw new AdminError("invalid", importText.noRows, { field: "file" });
  }
  const dryRun = input.dryRun ?? false;
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + (input.days ?? DEFAULT_INVITE_DAYS) * DAY_MS);
  const fileWarnings = input.fileWarnings ?? [];
  const plan = await ctx.admin.withDistrictSnapshot(district.id, !dryRun, async (snapshot, write) => {
    const plan = planImport(input, snapshot, rowIdMaker(ctx.randomBytes));
    if (plan.problems.length) {
      const { shown, all, hidden } = summarizeProblems(plan.problems);
      const warnings = [...fileWarnings, ...plan.warnings.map(formatProblem)];
      const full = [...all, ...(warnings.length ? ["", importText.warningsHeading, ...warnings] : [])];
      throw new AdminError(
        "invalid",
        [
          importText.notLoaded(dryRun, plan.problems.length),
          ...shown,
          ...(warnings.length ? ["", importText.warningsIntro(warnings.length), ...warnings.slice(0, SHOWN_PER_KIND)] : []),
          ...(warnings.length > SHOWN_PER_KIND ? [importText.moreWarnings(warnings.length - SHOWN_PER_KIND)] : []),
          importText.fixAndReload,
        ].join("\n"),
        { lines: hidden || warnings.length > SHOWN_PER_KIND ? full : undefined },
      );
    }
    if (!dryRun) await write(importRows(plan, { districtId: district.id, now, expiresAt, randomBytes: ctx.randomBytes }));
    return plan;
  });
  const count = (action: string) => plan.schools.filter((school) => school.action === action).length;
  return {
    district,
    dryRun,
    elapsedMs: Math.round(performance.now() - started),
    schools: { created: count("create"), renamed: count("rename"), coded: count("code"), unchanged: count("keep") },
    staff: {
      rows: plan.staffRows,
      newPeople: plan.people.length,
      existingPeople: plan.existingPeople,
      newMemberships: plan.memberships.length,
      alreadyPresent: plan.present.length,
    },
    invites: { created: plan.people.length, expiresAt, expiresLocal: formatLocal(expiresAt, district.timezone) },
    warnings: [...fileWarnings, ...plan.warnings.map(formatProblem)],
    bySchool: schoolSummary(plan),
  };
}

/** The rows a plan without problems writes; each new person gets one personal invite. */
function importRows(
  plan: ImportPlan,
  options: { districtId: string; now: Date; expiresAt: Date; randomBytes: (size: number) => Uint8Array },
): ImportWrite {
  const used = new Set<string>();
  return {
    districtId: options.districtId,
    at: options.now,
    newSchools: plan.schools.filter((school) => school.action === "create").map(({ id, code, name }) => ({ id, code, name })),
    updatedSchools: plan.schools.filter((school) => school.action === "rename" || school.action === "code").map(({ id, code, name }) => ({ id, code, name })),
    people: plan.people.map(({ id, name }) => ({ id, name })),
    memberships: plan.memberships.map(({ personId, role, schoolId }) => ({ personId, role: role as Role, schoolId })),
    invites: plan.people.map((person) => {
      let code = makeCode(options.randomBytes);
      while (used.has(code)) code = makeCode(options.randomBytes);
      used.add(code);
      return {
        code,
        role: person.invite.role,
        schoolId: person.invite.schoolId,
        personId: person.id,
        maxUses: DEFAULT_MAX_USES[person.invite.role],
        expiresAt: options.expiresAt,
      };
    }),
  };
}
