// Bulk set-up of a district (DOMAIN.md §11c): schools with their official codes and staff, from the
// XLSX template. cli/staff-workbook.ts reads the workbook in the CLI's process and hands over plain
// rows; this module checks them against the district and writes them, so it runs on the server too
// (admin bridge). Every problem is named at once with its sheet, row and column, and nothing is
// written while any remains. A re-import adds only what is new: a person is known by ФИО, school and
// role.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { DEFAULT_MAX_USES, makeCode } from "../core/invites/codes.ts";
import type { Role } from "../core/roles.ts";
import type { PrismaClient } from "../prisma/db.ts";

export const SHEET = { schools: "Школы", staff: "Сотрудники", help: "Инструкция" } as const;
export type SheetKey = "schools" | "staff";

/** Column titles of the template; the reader also accepts a few common variants. */
export const COLUMN = {
  code: "Код ОО",
  schoolName: "Название",
  schoolNote: "Адрес, примечание (не загружается)",
  person: "ФИО",
  role: "Роль",
  staffNote: "Предмет, примечание (не загружается)",
} as const;

/** The roles a staff row may name, in the district's words. */
export const STAFF_ROLES = { учитель: "teacher", руководитель: "head", наставник: "mentor" } as const satisfies Record<string, Role>;
export type StaffRole = (typeof STAFF_ROLES)[keyof typeof STAFF_ROLES];
export const STAFF_ROLE_WORDS = Object.keys(STAFF_ROLES) as Array<keyof typeof STAFF_ROLES>;
/** Rows whose first cell starts with this word are the template's examples and are never loaded. */
export const EXAMPLE_MARK = "Пример";

/** A row of «Школы» as read from the workbook: cell texts, untrimmed; `row` is the sheet's row number. */
export interface SchoolRow {
  row: number;
  code: string;
  name: string;
}

/** A row of «Сотрудники». */
export interface StaffRow {
  row: number;
  code: string;
  name: string;
  role: string;
}

/** Text as a person reads it: any run of blanks (non-breaking spaces and line breaks too) is one space. */
export const cleanText = (value: string) => value.replace(/\s+/g, " ").trim();

/** The same ФИО or school name in any case, with е for ё, names the same person or school. */
export const nameKey = (name: string) => cleanText(name).toLocaleLowerCase("ru").replaceAll("ё", "е");

// ---------- rows ----------

const ROLE_HINT = STAFF_ROLE_WORDS.join(", ");

const filled = (empty: string, max: number) =>
  z
    .string()
    .transform(cleanText)
    .pipe(z.string().min(1, { error: empty }).max(max, { error: `длиннее ${max} символов` }));

const schoolCode = filled("не заполнен код ОО", 40);

const personName = filled("не заполнено ФИО", 200).superRefine((name, ctx) => {
  if (!name) return;
  if (/\d/.test(name)) {
    ctx.addIssue({ code: "custom", message: `в ФИО есть цифры («${name}») — не перепутаны ли столбцы?` });
  } else if (name.split(" ").length < 2) {
    ctx.addIssue({ code: "custom", message: `«${name}»: укажите фамилию и имя, лучше полностью, с отчеством` });
  }
});

const staffRole = z.string().transform((value, ctx): StaffRole => {
  const word = nameKey(value);
  if (!Object.hasOwn(STAFF_ROLES, word)) {
    ctx.addIssue({
      code: "custom",
      message: word ? `неизвестная роль «${cleanText(value)}»; допустимо: ${ROLE_HINT}` : `не указана роль; допустимо: ${ROLE_HINT}`,
    });
    return z.NEVER;
  }
  return STAFF_ROLES[word as keyof typeof STAFF_ROLES];
});

/** What each sheet's row must hold, column by column. */
const ROW_FIELDS = {
  schools: { code: [schoolCode, COLUMN.code], name: [filled("не заполнено название школы", 300), COLUMN.schoolName] },
  staff: { code: [schoolCode, COLUMN.code], name: [personName, COLUMN.person], role: [staffRole, COLUMN.role] },
} as const;

/** Plain rows as the command receives them (from the CLI or, through the server, as JSON). */
export const ImportRowsSchema = {
  schools: z
    .array(z.object({ row: z.number().int().positive(), code: z.string().max(1000), name: z.string().max(1000) }))
    .max(2000, { error: "больше 2000 школ в одном файле" }),
  staff: z
    .array(
      z.object({ row: z.number().int().positive(), code: z.string().max(1000), name: z.string().max(1000), role: z.string().max(1000) }),
    )
    .max(10_000, { error: "больше 10 000 сотрудников в одном файле" }),
};

export interface Problem {
  sheet: SheetKey;
  row: number;
  column?: string;
  message: string;
}

/** «Сотрудники», строка 14, столбец «Роль»: неизвестная роль «завуч»; … */
export function formatProblem(problem: Problem): string {
  const column = problem.column ? `, столбец «${problem.column}»` : "";
  return `«${SHEET[problem.sheet]}», строка ${problem.row}${column}: ${problem.message}`;
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
    const result = schema.safeParse((raw as unknown as Record<string, unknown>)[field] ?? "");
    if (result.success) parsed[field] = result.data;
    else for (const issue of result.error.issues) problems.push({ sheet, row: raw.row, column, message: issue.message });
  }
  return parsed as never;
}

// ---------- plan ----------

/** What the district already holds: its schools, and every membership in it with the person's name. */
export interface DistrictSnapshot {
  schools: Array<{ id: string; code: string | null; name: string }>;
  memberships: Array<{ personId: string; personName: string | null; role: string; schoolId: string | null; active: boolean }>;
}

type Reader = Pick<PrismaClient, "school" | "membership">;

export async function loadDistrict(prisma: Reader, districtId: string): Promise<DistrictSnapshot> {
  const [schools, memberships] = await Promise.all([
    prisma.school.findMany({ where: { districtId }, select: { id: true, code: true, name: true } }),
    prisma.membership.findMany({
      where: { districtId },
      select: { personId: true, role: true, schoolId: true, active: true, person: { select: { displayName: true } } },
    }),
  ]);
  return {
    schools,
    memberships: memberships.map(({ person, ...membership }) => ({ ...membership, personName: person.displayName })),
  };
}

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

/** Ids in Prisma's cuid alphabet, made here so that rows can go in with createMany. */
export const newRowId = () => `c${randomUUID().replaceAll("-", "").slice(0, 24)}`;

export function planImport(
  input: { schools: SchoolRow[]; staff: StaffRow[] },
  district: DistrictSnapshot,
  newId: () => string = newRowId,
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
      problems.push({ sheet: "schools", row: raw.row, column: COLUMN.code, message: `код ${code} уже указан в строке ${twin.row}` });
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
        message: `в районе уже есть школа «${namesakes[0]!.name}» с кодом ${namesakes[0]!.code}; если это она, укажите этот код`,
      });
    } else {
      planned.set(code, { id: newId(), code, name, row: raw.row, action: "create" });
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
        const digits = code.replace(/^0+/, "");
        const lookalike = knownCodes.find((known) => known !== code && known.replace(/^0+/, "") === digits);
        problems.push({
          sheet: "staff",
          row: raw.row,
          column: COLUMN.code,
          message:
            `код ОО ${code} не найден ни в листе «${SHEET.schools}», ни среди школ района` +
            (lookalike ? ` (может быть, ${lookalike}? Excel убирает ведущие нули у чисел — задайте столбцу текстовый формат)` : ""),
        });
      }
      if (school && !planned.has(code)) planned.set(code, { id: school.id, code, name: school.name, row: null, action: "keep" });
    }
    if (!school || name === undefined || role === undefined) continue;
    const key = nameKey(name);
    const rowKey = `${key}|${school.id}|${role}`;
    const first = seenRows.get(rowKey);
    if (first !== undefined) {
      warnings.push({ sheet: "staff", row: raw.row, message: `повторяет строку ${first} (то же ФИО, школа и роль) — пропущена` });
      continue;
    }
    seenRows.set(rowKey, raw.row);
    const group = groups.get(key) ?? { name, rows: [] };
    group.rows.push({ row: raw.row, schoolId: school.id, role });
    groups.set(key, group);
  }

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
        message:
          `в районе уже несколько человек с ФИО «${group.name}» — не понять, кто из них; ` +
          "добавьте в школу вручную: member add-school --person <id> (id — в member list)",
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
          warnings.push({ sheet: "staff", row: entry.row, message: `«${group.name}» был(а) отключен(а) в этой школе и будет добавлен(а) снова` });
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

// ---------- apply ----------

type Writer = Pick<PrismaClient, "school" | "person" | "membership" | "invite">;

/**
 * Writes a plan without problems in a handful of statements (createMany per table), so that a
 * district of 14 schools and 356 people goes in within a second on the embedded database. Each new
 * person gets one personal invite (DOMAIN.md §11c), as `createInvite` with `personId` would make it.
 */
export async function applyImport(
  db: Writer,
  plan: ImportPlan,
  options: { districtId: string; now: Date; expiresAt: Date; randomBytes: (size: number) => Uint8Array },
): Promise<void> {
  const { districtId, now } = options;
  const created = plan.schools.filter((school) => school.action === "create");
  if (created.length) {
    await db.school.createMany({ data: created.map((school) => ({ id: school.id, districtId, code: school.code, name: school.name, createdAt: now })) });
  }
  for (const school of plan.schools.filter((school) => school.action === "rename" || school.action === "code")) {
    await db.school.update({ where: { id: school.id }, data: { code: school.code, name: school.name } });
  }
  if (plan.people.length) {
    await db.person.createMany({ data: plan.people.map((person) => ({ id: person.id, displayName: person.name, createdAt: now })) });
  }
  if (plan.memberships.length) {
    await db.membership.createMany({
      data: plan.memberships.map((membership) => ({
        personId: membership.personId,
        role: membership.role,
        districtId,
        schoolId: membership.schoolId,
        createdAt: now,
      })),
    });
  }
  if (plan.people.length) {
    const used = new Set<string>();
    const data = plan.people.map((person) => {
      let code = makeCode(options.randomBytes);
      while (used.has(code)) code = makeCode(options.randomBytes);
      used.add(code);
      return {
        code,
        role: person.invite.role,
        districtId,
        schoolId: person.invite.schoolId,
        maxUses: DEFAULT_MAX_USES[person.invite.role],
        expiresAt: options.expiresAt,
        personId: person.id,
        createdAt: now,
      };
    });
    await db.invite.createMany({ data });
  }
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
