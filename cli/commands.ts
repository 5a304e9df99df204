// The admin CLI's operations as functions over the database, returning plain data. Commander wiring,
// printing and the process (config, opening and closing the database) live in cli/main.ts; tests call
// these directly. Every command validates its raw options with zod and reports a problem in Russian,
// naming the option.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { isDomainError } from "../core/errors.ts";
import { DEFAULT_INVITE_DAYS, inviteProblem, normalizeCode, type InviteProblem } from "../core/invites/codes.ts";
import { InstrumentSchema, type Instrument } from "../core/instruments/schema.ts";
import { TEACHER_DIAGNOSTIC_KEY } from "../core/instruments/teacher-diagnostic.ts";
import { roleTitle } from "../core/messages/ru.ts";
import { ROLES, type Role } from "../core/roles.ts";
import { createInvite } from "../core/services/onboarding.ts";
import { campaignCompletion } from "../core/services/completion.ts";
import type { Clock, Repository } from "../core/services/ports.ts";
import {
  BUILT_IN_SCOPE,
  createDistrict,
  createSchool,
  ensureInstrument,
  listInstruments,
  listMembers,
  openCampaign,
  pickInstrument,
} from "../prisma/admin.ts";
import type { PrismaClient } from "../prisma/db.ts";
import { PrismaRepository } from "../prisma/repository.ts";
import { checkInstrumentFile } from "./instrument-file.ts";
import { applyImport, formatProblem, ImportRowsSchema, loadDistrict, planImport, schoolSummary } from "./staff-import.ts";

export interface CliContext {
  prisma: PrismaClient;
  repo: Repository;
  clock: Clock;
  randomBytes: (size: number) => Uint8Array;
}

export function cliContext(prisma: PrismaClient, overrides: Partial<Omit<CliContext, "prisma">> = {}): CliContext {
  return {
    prisma,
    repo: new PrismaRepository(prisma),
    clock: { now: () => new Date() },
    randomBytes: (size) => randomBytes(size),
    ...overrides,
  };
}

/** A problem for the operator: `invalid` input exits with 2, `not_found` with 1. */
export class CliError extends Error {
  constructor(
    readonly kind: "invalid" | "not_found",
    message: string,
  ) {
    super(message);
    this.name = "CliError";
  }

  get exitCode(): 1 | 2 {
    return this.kind === "invalid" ? 2 : 1;
  }
}

const optionName = (key: PropertyKey) => `--${String(key).replace(/[A-Z]/g, (char) => `-${char.toLowerCase()}`)}`;

function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) =>
    issue.path.length ? `${optionName(issue.path[0]!)}: ${issue.message}` : issue.message,
  );
  throw new CliError("invalid", [...new Set(lines)].join("\n"));
}

type RawOptions = Record<string, unknown>;

/** A command: validates the raw options, then runs. `validate` lets the shell fail before opening the database. */
function command<S extends z.ZodType, T>(schema: S, run: (ctx: CliContext, input: z.output<S>) => Promise<T>) {
  return Object.assign(async (ctx: CliContext, raw: RawOptions = {}) => run(ctx, parseOptions(schema, raw)), {
    validate: (raw: RawOptions = {}) => void parseOptions(schema, raw),
  });
}

// ---------- option schemas ----------

const text = (what: string, max = 200) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `не указан(о) ${what}` : "должно быть текстом") })
    .trim()
    .min(1, { error: `пустое значение; укажите ${what}` })
    .max(max, { error: `слишком длинно (больше ${max} символов)` });

const integer = (min: number, max: number) =>
  z
    .string({ error: "должно быть целым числом" })
    .trim()
    .regex(/^\d+$/, { error: `должно быть целым числом от ${min} до ${max}` })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `должно быть не меньше ${min}` })
        .max(max, { error: `должно быть не больше ${max}` }),
    );

/** The canonical IANA name of a time zone, or null if the runtime does not know it. */
export function canonicalTimeZone(zone: string): string | null {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return null;
  try {
    return new Intl.DateTimeFormat("ru-RU", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

const timeZone = z
  .string()
  .trim()
  .transform((zone, ctx) => {
    const canonical = canonicalTimeZone(zone);
    if (!canonical) {
      ctx.addIssue({
        code: "custom",
        message: `неизвестный часовой пояс «${zone}»; примеры: Europe/Moscow, Europe/Samara, Asia/Yekaterinburg, Asia/Novosibirsk, Asia/Yakutsk`,
      });
      return z.NEVER;
    }
    return canonical;
  });

const ROLE_HINT = ROLES.map((role) => `${role} (${roleTitle[role]})`).join(", ");
const role = z.enum(ROLES, {
  error: (issue) =>
    issue.input === undefined ? `не указана роль; допустимо: ${ROLE_HINT}` : `неизвестная роль «${String(issue.input)}»; допустимо: ${ROLE_HINT}`,
});

const districtRef = text("район (id или точное название)");
const schoolRef = text("школа (id или код ОО)", 100);
const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "дата в виде ГГГГ-ММ-ДД, например 2026-02-01" })
  .refine((value) => {
    const [year, month, day] = value.split("-").map(Number) as [number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  }, { error: "такой даты нет в календаре" });
/** Telegram bot usernames: 5–32 Latin letters, digits and _, ending in "bot"; a leading @ or t.me/ is dropped. */
const botUsername = z
  .string()
  .trim()
  .transform((value) => value.replace(/^(https?:\/\/)?t\.me\//i, "").replace(/^@/, ""))
  .pipe(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]{1,28}bot$/i, {
      error: "имя бота в Telegram: латиница, цифры и _, 5–32 символа, в конце bot, например shnor_rayon_bot",
    }),
  );
/**
 * A MAX bot's nick, as in its public link max.ru/<nick>: generated as id<ИНН>_bot by the partner
 * platform. A leading @ or max.ru/ is dropped, so the link can be pasted as is.
 */
const maxBotNick = z
  .string()
  .trim()
  .transform((value) => value.replace(/^(https?:\/\/)?(www\.)?max\.ru\//i, "").replace(/^@/, "").replace(/\/+$/, ""))
  .pipe(
    z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.]{1,63}$/, {
      error: "ник бота в MAX — из его ссылки max.ru/<ник>: латиница, цифры и _, например id7701234567_bot",
    }),
  );

// ---------- lookups ----------

export interface DistrictRef {
  id: string;
  name: string;
  timezone: string;
}

async function resolveDistrict(prisma: PrismaClient, idOrName: string): Promise<DistrictRef> {
  const select = { id: true, name: true, timezone: true } as const;
  const byId = await prisma.district.findUnique({ where: { id: idOrName }, select });
  if (byId) return byId;
  const byName = await prisma.district.findMany({ where: { name: idOrName }, select, take: 2 });
  if (byName.length > 1) {
    throw new CliError("invalid", `--district: районов с названием «${idOrName}» несколько; укажите id (см. district list)`);
  }
  if (!byName[0]) {
    throw new CliError("not_found", `Район «${idOrName}» не найден (ищу по id и по точному названию). Список: district list`);
  }
  return byName[0];
}

async function resolveSchool(prisma: PrismaClient, district: DistrictRef, idOrCode: string) {
  const select = { id: true, name: true, code: true } as const;
  const school =
    (await prisma.school.findFirst({ where: { id: idOrCode, districtId: district.id }, select })) ??
    (await prisma.school.findFirst({ where: { code: idOrCode, districtId: district.id }, select }));
  if (!school) {
    throw new CliError(
      "not_found",
      `В районе «${district.name}» нет школы «${idOrCode}» (ищу по id и коду ОО). Список: school list --district ${district.id}`,
    );
  }
  return school;
}

// ---------- dates ----------

/** "24 декабря 2026 г. в 09:30" in the district's time zone. */
export function formatLocal(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("ru-RU", {
    timeZone,
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
}

function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((candidate) => candidate.type === type)!.value);
  const wallClock = Date.UTC(part("year"), part("month") - 1, part("day"), part("hour"), part("minute"), part("second"));
  return wallClock - Math.floor(at.getTime() / 1000) * 1000;
}

/** Midnight of a calendar date (YYYY-MM-DD) in a time zone. */
export function zonedMidnight(date: string, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const wallClock = Date.UTC(year, month - 1, day);
  let instant = wallClock - zoneOffsetMs(new Date(wallClock), timeZone);
  // A second pass settles the offset when the first guess landed across a clock change.
  instant = wallClock - zoneOffsetMs(new Date(instant), timeZone);
  return new Date(instant);
}

const DAY_MS = 86_400_000;

// ---------- districts ----------

export const districtCreate = command(
  z.object({ name: text("название района (--name)"), timezone: timeZone.default("Europe/Moscow") }),
  async (ctx, input) => {
    const twin = await ctx.prisma.district.findFirst({ where: { name: input.name }, select: { id: true } });
    if (twin) throw new CliError("invalid", `--name: район «${input.name}» уже есть (id ${twin.id})`);
    const district = await createDistrict(ctx.prisma, { name: input.name, timezone: input.timezone });
    return { id: district.id, name: district.name, timezone: district.timezone };
  },
);

export const districtList = command(z.object({}), async (ctx) => {
  const rows = await ctx.prisma.district.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      timezone: true,
      _count: { select: { schools: true, memberships: { where: { active: true } } } },
    },
  });
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    schools: row._count.schools,
    activeMembers: row._count.memberships,
  }));
});

// ---------- schools ----------

export const schoolAdd = command(
  z.object({
    district: districtRef,
    name: text("название школы (--name)", 300),
    code: text("код ОО", 40).optional(),
  }),
  async (ctx, input) => {
    const district = await resolveDistrict(ctx.prisma, input.district);
    if (input.code) {
      const twin = await ctx.prisma.school.findFirst({
        where: { districtId: district.id, code: input.code },
        select: { id: true, name: true },
      });
      if (twin) throw new CliError("invalid", `--code: код ${input.code} уже у школы «${twin.name}» (id ${twin.id})`);
    }
    const school = await createSchool(ctx.prisma, { districtId: district.id, name: input.name, code: input.code ?? null });
    return { id: school.id, name: school.name, code: school.code, district };
  },
);

export const schoolList = command(z.object({ district: districtRef }), async (ctx, input) => {
  const district = await resolveDistrict(ctx.prisma, input.district);
  const schools = await ctx.prisma.school.findMany({
    where: { districtId: district.id },
    orderBy: { name: "asc" },
    select: { id: true, name: true, code: true, memberships: { where: { active: true }, select: { role: true } } },
  });
  return {
    district,
    schools: schools.map((school) => ({
      id: school.id,
      name: school.name,
      code: school.code,
      teachers: school.memberships.filter((membership) => membership.role === "teacher").length,
      heads: school.memberships.filter((membership) => membership.role === "head").length,
    })),
  };
});

// ---------- invites ----------

/** The same links as bot/channels (telegramStartLink, maxStartLink), without loading the messenger libraries. */
export const telegramLink = (bot: string, code: string) => `https://t.me/${bot}?start=${code}`;
export const maxLink = (nick: string, code: string) => `https://max.ru/${nick}?start=${code}`;

/** Bot names for invite links: Telegram username and MAX nick; either may be unknown. */
export interface InviteBots {
  telegram: string | null;
  max: string | null;
}

/** Every link that can be built for a code; a messenger without a bot name is left out. */
export interface InviteLinks {
  telegram?: string;
  max?: string;
}

export function inviteLinks(bots: InviteBots, code: string): InviteLinks {
  return {
    ...(bots.telegram ? { telegram: telegramLink(bots.telegram, code) } : {}),
    ...(bots.max ? { max: maxLink(bots.max, code) } : {}),
  };
}

/** Creates `count` invites alike, turning a domain refusal into an operator's message. */
async function createInvites(
  ctx: CliContext,
  count: number,
  spec: { role: Role; districtId: string; schoolId: string | null; maxUses?: number; days?: number; personId?: string },
) {
  const invites = [];
  for (let index = 0; index < count; index++) {
    try {
      invites.push(await createInvite(ctx, null, spec));
    } catch (error) {
      if (isDomainError(error)) throw new CliError("invalid", `Приглашение не создано: ${error.message}`);
      throw error;
    }
  }
  return invites;
}

export const inviteCreate = command(
  z.object({
    district: districtRef,
    role,
    school: schoolRef.optional(),
    uses: integer(1, 10_000).optional(),
    days: integer(1, 366).optional(),
    count: integer(1, 500).default(1),
    bot: botUsername.optional(),
    maxBot: maxBotNick.optional(),
  }),
  async (ctx, input) => {
    const district = await resolveDistrict(ctx.prisma, input.district);
    if (input.role === "district" && input.school) {
      throw new CliError("invalid", "--school: роль district относится ко всему району, школу указывать не нужно");
    }
    if (input.role !== "district" && !input.school) {
      throw new CliError("invalid", `--school: для роли ${input.role} (${roleTitle[input.role]}) нужна школа (id или код ОО)`);
    }
    const school = input.school ? await resolveSchool(ctx.prisma, district, input.school) : null;
    const invites = await createInvites(ctx, input.count, {
      role: input.role,
      districtId: district.id,
      schoolId: school?.id ?? null,
      maxUses: input.uses,
      days: input.days,
    });
    const bots: InviteBots = { telegram: input.bot ?? null, max: input.maxBot ?? null };
    return {
      district,
      school,
      role: input.role,
      /** The Telegram bot, as before MAX links existed; `bots` has both. */
      botUsername: bots.telegram,
      bots,
      invites: invites.map((invite) => {
        const links = inviteLinks(bots, invite.code);
        return {
          code: invite.code,
          /** The Telegram link, kept for scripts written before `links`. */
          link: links.telegram ?? null,
          links,
          maxUses: invite.maxUses,
          expiresAt: invite.expiresAt,
          expiresLocal: formatLocal(invite.expiresAt, district.timezone),
        };
      }),
    };
  },
);

/** "2026-03-12" and "12 марта 2026 г." for an instant in a time zone. */
function calendarDay(date: Date, timeZone: string) {
  const iso = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
  const local = new Intl.DateTimeFormat("ru-RU", { timeZone, day: "numeric", month: "long", year: "numeric" }).format(date);
  return { iso, local };
}

/** Order of named cards on a sheet: the head first, then teachers and mentors. */
const CARD_ORDER: Record<string, number> = { head: 0, teacher: 1, mentor: 2 };

/**
 * With `--existing`: the personal invites of the school's people registered in advance (import xlsx)
 * who have not connected yet, each with the person's name. A person whose invite lapsed gets a new
 * one; a person whose invite is on another school's sheet (a teacher of two schools) is left to it.
 */
async function existingCards(ctx: CliContext, district: DistrictRef, school: { id: string }, days: number | undefined) {
  const now = ctx.clock.now();
  const memberships = await ctx.prisma.membership.findMany({
    where: { schoolId: school.id, active: true, role: { in: ["head", "teacher", "mentor"] }, person: { accounts: { none: {} } } },
    orderBy: { createdAt: "asc" },
    select: {
      role: true,
      person: {
        select: {
          id: true,
          displayName: true,
          invites: {
            where: { districtId: district.id, revokedAt: null, expiresAt: { gt: now } },
            orderBy: { createdAt: "desc" },
            include: { school: { select: { name: true } } },
          },
        },
      },
    },
  });
  const people = new Map<string, { person: (typeof memberships)[number]["person"]; role: Role }>();
  for (const { role, person } of memberships) {
    const seen = people.get(person.id);
    if (!seen || (CARD_ORDER[role] ?? 9) < (CARD_ORDER[seen.role] ?? 9)) people.set(person.id, { person, role: role as Role });
  }
  const cards: Array<{ invite: Awaited<ReturnType<typeof createInvite>>; name: string | null }> = [];
  const elsewhere: Array<{ name: string | null; school: string | null }> = [];
  let reissued = 0;
  for (const { person, role } of people.values()) {
    const usable = person.invites.filter((invite) => invite.uses < invite.maxUses);
    const here = usable.find((invite) => invite.schoolId === school.id);
    if (here) {
      cards.push({ invite: { ...here, role: here.role as Role }, name: person.displayName });
    } else if (usable.length) {
      elsewhere.push({ name: person.displayName, school: usable[0]!.school?.name ?? null });
    } else {
      const [invite] = await createInvites(ctx, 1, { role, districtId: district.id, schoolId: school.id, personId: person.id, days });
      cards.push({ invite: invite!, name: person.displayName });
      reissued++;
    }
  }
  cards.sort(
    (a, b) => (CARD_ORDER[a.invite.role] ?? 9) - (CARD_ORDER[b.invite.role] ?? 9) || (a.name ?? "").localeCompare(b.name ?? "", "ru"),
  );
  return { cards, reissued, elsewhere };
}

/**
 * A school's printable invite sheet: creates the invites it lists (personal ones for teachers and
 * heads, one school-wide invite for parents) and returns plain data; cli/invite-sheet.ts renders it.
 * Blank cards carry no name: the district writes it by hand. With `--existing` the sheet carries the
 * named personal invites of people imported in advance instead (or as well).
 */
export const inviteSheet = command(
  z
    .object({
      district: districtRef,
      school: schoolRef,
      existing: z.boolean({ error: "флаг без значения: просто --existing" }).default(false),
      teachers: integer(0, 500).default(0),
      heads: integer(0, 20).default(0),
      parents: z.boolean({ error: "флаг без значения: просто --parents" }).default(false),
      days: integer(1, 366).optional(),
      bot: botUsername.optional(),
      maxBot: maxBotNick.optional(),
    })
    .superRefine((input, issue) => {
      if (!input.existing && !input.teachers && !input.heads && !input.parents) {
        issue.addIssue({
          code: "custom",
          message:
            "укажите, для кого лист: --existing (загруженные заранее сотрудники, с ФИО), --teachers N (учителя), " +
            "--heads N (руководители) и/или --parents (одна ссылка для родителей)",
        });
      }
      if (!input.bot && !input.maxBot) {
        issue.addIssue({
          code: "custom",
          message:
            "на листе нужны ссылки и QR-коды, а имя бота не задано: --bot <имя_бота> (Telegram, или BOT_USERNAME в .env) " +
            "и/или --max-bot <ник_бота> (MAX, или MAX_BOT_USERNAME в .env)",
        });
      }
    }),
  async (ctx, input) => {
    const district = await resolveDistrict(ctx.prisma, input.district);
    const school = await resolveSchool(ctx.prisma, district, input.school);
    const existing = input.existing ? await existingCards(ctx, district, school, input.days) : null;
    if (existing && !existing.cards.length && !input.teachers && !input.heads && !input.parents) {
      const elsewhere = existing.elsewhere.map((person) => `${person.name ?? "—"} (${person.school ?? "—"})`).join(", ");
      throw new CliError(
        "not_found",
        `В школе «${school.name}» нет карточек для печати: все сотрудники, загруженные заранее (import xlsx), уже подключились` +
          (elsewhere ? `, а карточки работающих ещё и в другой школе — на листах тех школ: ${elsewhere}` : "") +
          ". Пустые карточки: --teachers N, --heads N.",
      );
    }
    const where = { districtId: district.id, schoolId: school.id, days: input.days };
    const blank = (invites: Array<Awaited<ReturnType<typeof createInvite>>>) => invites.map((invite) => ({ invite, name: null }));
    const cards = [
      ...(existing?.cards ?? []),
      ...blank(await createInvites(ctx, input.heads, { ...where, role: "head" })),
      ...blank(await createInvites(ctx, input.teachers, { ...where, role: "teacher" })),
      ...blank(input.parents ? await createInvites(ctx, 1, { ...where, role: "parent" }) : []),
    ];
    const bots: InviteBots = { telegram: input.bot ?? null, max: input.maxBot ?? null };
    const day = calendarDay(ctx.clock.now(), district.timezone);
    return {
      district,
      school,
      date: day.iso,
      dateLocal: day.local,
      bots,
      existing: existing ? { named: existing.cards.length, reissued: existing.reissued, elsewhere: existing.elsewhere } : null,
      invites: cards.map(({ invite, name }) => ({
        code: invite.code,
        role: invite.role,
        name,
        links: inviteLinks(bots, invite.code),
        maxUses: invite.maxUses,
        expiresAt: invite.expiresAt,
        expiresLocal: formatLocal(invite.expiresAt, district.timezone),
      })),
    };
  },
);

export type InviteStatus = "active" | InviteProblem;

export const inviteList = command(z.object({ district: districtRef, school: schoolRef.optional() }), async (ctx, input) => {
  const district = await resolveDistrict(ctx.prisma, input.district);
  const school = input.school ? await resolveSchool(ctx.prisma, district, input.school) : null;
  const rows = await ctx.prisma.invite.findMany({
    where: { districtId: district.id, ...(school ? { schoolId: school.id } : {}) },
    include: { school: { select: { name: true } }, person: { select: { displayName: true } } },
    orderBy: [{ createdAt: "desc" }, { code: "asc" }],
  });
  const now = ctx.clock.now();
  return {
    district,
    school,
    invites: rows.map((row) => ({
      code: row.code,
      role: row.role,
      school: row.school?.name ?? null,
      /** The person a personal invite of the bulk import is for; null for a blank card. */
      person: row.personId ? (row.person?.displayName ?? "—") : null,
      uses: row.uses,
      maxUses: row.maxUses,
      expiresAt: row.expiresAt,
      expiresLocal: formatLocal(row.expiresAt, district.timezone),
      revokedAt: row.revokedAt,
      status: (inviteProblem({ ...row, role: row.role as Role }, now) ?? "active") as InviteStatus,
    })),
  };
});

export const inviteRevoke = command(z.object({ code: text("код приглашения (--code)", 40) }), async (ctx, input) => {
  const code = normalizeCode(input.code);
  if (!code) throw new CliError("invalid", `--code: «${input.code}» не похоже на код приглашения (10 знаков, например K7MPQ2XRTA)`);
  const invite = await ctx.prisma.invite.findUnique({ where: { code }, select: { id: true, revokedAt: true } });
  if (!invite) throw new CliError("not_found", `Приглашение ${code} не найдено`);
  if (invite.revokedAt) return { code, revokedAt: invite.revokedAt, alreadyRevoked: true };
  const updated = await ctx.prisma.invite.update({ where: { id: invite.id }, data: { revokedAt: ctx.clock.now() } });
  return { code, revokedAt: updated.revokedAt!, alreadyRevoked: false };
});

// ---------- members ----------

export const memberList = command(
  z
    .object({ district: districtRef.optional(), school: schoolRef.optional(), role: role.optional(), person: text("id человека (--person)", 60).optional() })
    .refine((input) => input.district || input.person, { error: "укажите район: --district <id|название> (или человека: --person <id>)" }),
  async (ctx, input) => {
    const district = input.district ? await resolveDistrict(ctx.prisma, input.district) : null;
    if (input.school && !district) throw new CliError("invalid", "--school: школа ищется в районе — укажите и --district");
    const school = input.school && district ? await resolveSchool(ctx.prisma, district, input.school) : null;
    const rows = await listMembers(ctx.prisma, { districtId: district?.id, schoolId: school?.id, role: input.role, personId: input.person });
    if (input.person && !rows.length && !(await ctx.prisma.person.findUnique({ where: { id: input.person }, select: { id: true } }))) {
      throw new CliError("not_found", `Человек ${input.person} не найден (id — в столбце «id человека» в member list)`);
    }
    // Only who is who: names, roles and channels. Answers are never read here.
    return {
      district,
      school,
      members: rows.map((row) => ({
        membershipId: row.membershipId,
        personId: row.personId,
        name: row.name,
        role: row.role,
        school: row.school,
        active: row.active,
        consent: row.consent,
        channels: [...new Set(row.accounts.map((account) => account.channel))],
      })),
    };
  },
);

/** Roles that belong to a school's staff: they can move between schools or hold two. */
const SCHOOL_STAFF_ROLES = ["head", "teacher", "mentor"] as const;
const staffRole = z.enum(SCHOOL_STAFF_ROLES, {
  error: (issue) =>
    `${issue.input === undefined ? "не указана роль" : `роль «${String(issue.input)}» здесь не подходит`}; допустимо: ` +
    SCHOOL_STAFF_ROLES.map((value) => `${value} (${roleTitle[value]})`).join(", "),
});

/** A school of `district` by id or code; an id of another district's school is refused by name. */
async function schoolOfDistrict(prisma: PrismaClient, district: DistrictRef, idOrCode: string, refusal: string) {
  const elsewhere = await prisma.school.findFirst({
    where: { id: idOrCode, districtId: { not: district.id } },
    select: { name: true, district: { select: { name: true } } },
  });
  if (elsewhere) {
    throw new CliError("invalid", `--school: школа «${elsewhere.name}» — в другом районе («${elsewhere.district.name}»); ${refusal}`);
  }
  return resolveSchool(prisma, district, idOrCode);
}

const schoolBrief = (school: { id: string; name: string; code: string | null }) => ({ id: school.id, name: school.name, code: school.code });

/**
 * A teacher (head, mentor) moves to another school of the same district: the old membership ends,
 * a new one begins; the person keeps their accounts and answers. A personal invite not yet used
 * moves with them, so that redeeming it does not bring back the old school.
 */
export const memberMove = command(
  z.object({ membership: text("id членства (--membership, см. member list)", 60), school: schoolRef }),
  async (ctx, input) => {
    const membership = await ctx.prisma.membership.findUnique({
      where: { id: input.membership },
      include: { person: { select: { id: true, displayName: true } }, school: true, district: { select: { id: true, name: true, timezone: true } } },
    });
    if (!membership) throw new CliError("not_found", `Членство ${input.membership} не найдено (id из member list)`);
    const who = `${membership.person.displayName ?? "—"}, ${roleTitle[membership.role as Role] ?? membership.role}`;
    if (!(SCHOOL_STAFF_ROLES as readonly string[]).includes(membership.role) || !membership.school) {
      throw new CliError(
        "invalid",
        `--membership: ${who} — переводить между школами можно учителя, руководителя и наставника` +
          (membership.role === "parent" ? "; родитель подключается по ссылке для родителей новой школы" : ""),
      );
    }
    if (!membership.active) {
      throw new CliError(
        "invalid",
        `--membership: это членство уже отключено (${who}, ${membership.school.name}). ` +
          `Добавить человека в школу: member add-school --person ${membership.personId} --school <id|код> --role ${membership.role}`,
      );
    }
    const target = await schoolOfDistrict(
      ctx.prisma,
      membership.district,
      input.school,
      "перевод между районами не делается: отключите членство (member deactivate) и пригласите человека в новом районе",
    );
    if (target.id === membership.schoolId) throw new CliError("invalid", `--school: ${who} уже в школе «${target.name}»`);
    const now = ctx.clock.now();
    const { moved, alreadyThere, invitesMoved } = await ctx.prisma.$transaction(async (tx) => {
      await tx.membership.update({ where: { id: membership.id }, data: { active: false, endedAt: now } });
      const twin = await tx.membership.findFirst({
        where: { personId: membership.personId, role: membership.role, schoolId: target.id, active: true },
      });
      const moved =
        twin ??
        (await tx.membership.create({
          data: { personId: membership.personId, role: membership.role, districtId: membership.districtId, schoolId: target.id, createdAt: now },
        }));
      const pending = (
        await tx.invite.findMany({
          where: { personId: membership.personId, schoolId: membership.schoolId, role: membership.role, revokedAt: null, expiresAt: { gt: now } },
          select: { id: true, uses: true, maxUses: true },
        })
      ).filter((invite) => invite.uses < invite.maxUses);
      if (pending.length) {
        await tx.invite.updateMany({ where: { id: { in: pending.map((invite) => invite.id) } }, data: { schoolId: target.id } });
      }
      return { moved, alreadyThere: Boolean(twin), invitesMoved: pending.length };
    });
    return {
      person: { id: membership.personId, name: membership.person.displayName },
      role: membership.role,
      district: membership.district,
      from: schoolBrief(membership.school),
      to: schoolBrief(target),
      endedMembershipId: membership.id,
      membershipId: moved.id,
      alreadyThere,
      invitesMoved,
    };
  },
);

/** A second school for the same person (common in villages): one person, two memberships. */
export const memberAddSchool = command(
  z.object({
    person: text("id человека (--person, см. member list)", 60),
    school: schoolRef,
    role: staffRole.default("teacher"),
    district: districtRef.optional(),
  }),
  async (ctx, input) => {
    const person = await ctx.prisma.person.findUnique({
      where: { id: input.person },
      select: { id: true, displayName: true, memberships: { select: { districtId: true, active: true } } },
    });
    if (!person) throw new CliError("not_found", `Человек ${input.person} не найден (id — в столбце «id человека» в member list)`);
    let district: DistrictRef;
    if (input.district) {
      district = await resolveDistrict(ctx.prisma, input.district);
    } else {
      const districts = [...new Set(person.memberships.filter((membership) => membership.active).map((membership) => membership.districtId))];
      if (districts.length !== 1) {
        throw new CliError("invalid", `--district: ${districts.length ? "человек состоит в нескольких районах" : "у человека нет активных членств"} — укажите район`);
      }
      district = await resolveDistrict(ctx.prisma, districts[0]!);
    }
    const school = await schoolOfDistrict(ctx.prisma, district, input.school, "школа должна быть в районе человека (или укажите --district)");
    const present = await ctx.prisma.membership.findFirst({
      where: { personId: person.id, role: input.role, schoolId: school.id, active: true },
      select: { id: true },
    });
    const membership =
      present ??
      (await ctx.prisma.membership.create({
        data: { personId: person.id, role: input.role, districtId: district.id, schoolId: school.id, createdAt: ctx.clock.now() },
        select: { id: true },
      }));
    return {
      person: { id: person.id, name: person.displayName },
      role: input.role,
      district,
      school: schoolBrief(school),
      membershipId: membership.id,
      alreadyMember: Boolean(present),
    };
  },
);

export const memberDeactivate = command(z.object({ membership: text("id членства (--membership, см. member list)", 60) }), async (ctx, input) => {
  const membership = await ctx.prisma.membership.findUnique({
    where: { id: input.membership },
    include: { person: { select: { displayName: true } }, school: { select: { name: true } } },
  });
  if (!membership) throw new CliError("not_found", `Членство ${input.membership} не найдено (id из member list)`);
  const summary = {
    membershipId: membership.id,
    name: membership.person.displayName,
    role: membership.role,
    school: membership.school?.name ?? null,
  };
  if (!membership.active) return { ...summary, endedAt: membership.endedAt, alreadyInactive: true, invitesRevoked: 0 };
  const now = ctx.clock.now();
  const { updated, invitesRevoked } = await ctx.prisma.$transaction(async (tx) => {
    const updated = await tx.membership.update({ where: { id: membership.id }, data: { active: false, endedAt: now } });
    // A personal card of someone imported in advance would bring the membership back when redeemed.
    const revoked = await tx.invite.updateMany({
      where: { personId: membership.personId, schoolId: membership.schoolId, role: membership.role, revokedAt: null },
      data: { revokedAt: now },
    });
    return { updated, invitesRevoked: revoked.count };
  });
  return { ...summary, endedAt: updated.endedAt, alreadyInactive: false, invitesRevoked };
});

// ---------- campaigns ----------

export const DEFAULT_CAMPAIGN_TITLE = "Диагностика профессиональных дефицитов педагогов";

/**
 * The teacher diagnostic version a district's campaign runs: the one asked for, or the default of
 * pickInstrument. Another district's versions are never found.
 */
async function campaignInstrument(prisma: PrismaClient, districtId: string, version: number | undefined) {
  await ensureInstrument(prisma);
  const row = await pickInstrument(prisma, TEACHER_DIAGNOSTIC_KEY, districtId, version);
  if (row) return row;
  const stored = (await listInstruments(prisma, TEACHER_DIAGNOSTIC_KEY, districtId)).map((instrument) => instrument.version).sort((a, b) => a - b);
  throw new CliError("not_found", `--instrument-version: версии ${version} нет; сохранены: ${stored.join(", ")} (см. instrument list --district …)`);
}

export const campaignOpen = command(
  z.object({
    district: districtRef,
    title: text("название кампании (--title)").default(DEFAULT_CAMPAIGN_TITLE),
    from: isoDate.optional(),
    days: integer(1, 366).default(30),
    instrumentVersion: integer(1, 10_000).optional(),
  }),
  async (ctx, input) => {
    const district = await resolveDistrict(ctx.prisma, input.district);
    const instrument = await campaignInstrument(ctx.prisma, district.id, input.instrumentVersion);
    const opensAt = input.from ? zonedMidnight(input.from, district.timezone) : ctx.clock.now();
    const closesAt = new Date(opensAt.getTime() + input.days * DAY_MS);
    // Another teacher diagnostic over the same dates would split the answers between two campaigns.
    const overlapping = await ctx.prisma.campaign.findMany({
      where: {
        districtId: district.id,
        instrument: { key: TEACHER_DIAGNOSTIC_KEY },
        opensAt: { lt: closesAt },
        closesAt: { gt: opensAt },
      },
      select: { id: true, title: true },
    });
    const campaign = await openCampaign(ctx.prisma, {
      districtId: district.id,
      title: input.title,
      opensAt,
      closesAt,
      instrumentId: instrument.id,
    });
    return {
      id: campaign.id,
      title: campaign.title,
      district,
      instrument: {
        version: instrument.version,
        status: instrument.status as Instrument["status"],
        title: instrument.title,
        builtIn: instrument.scope === BUILT_IN_SCOPE,
      },
      opensAt,
      closesAt,
      opensLocal: formatLocal(opensAt, district.timezone),
      closesLocal: formatLocal(closesAt, district.timezone),
      overlapping,
    };
  },
);

export type CampaignStatus = "planned" | "open" | "closed";

export const campaignList = command(z.object({ district: districtRef }), async (ctx, input) => {
  const district = await resolveDistrict(ctx.prisma, input.district);
  // A teacher in two schools is one person: count people, not memberships.
  const teachers = (
    await ctx.prisma.membership.findMany({
      where: { districtId: district.id, role: "teacher", active: true, schoolId: { not: null } },
      distinct: ["personId"],
      select: { personId: true },
    })
  ).length;
  const campaigns = await ctx.prisma.campaign.findMany({
    where: { districtId: district.id },
    orderBy: { opensAt: "desc" },
    select: { id: true, title: true, opensAt: true, closesAt: true, instrument: { select: { version: true } } },
  });
  const now = ctx.clock.now();
  const rows = [];
  for (const { instrument, ...campaign } of campaigns) {
    // The same figures as the Mini App and the demo (core/services/completion.ts).
    const { total } = await campaignCompletion(ctx, campaign, district.id);
    const status: CampaignStatus = campaign.opensAt > now ? "planned" : campaign.closesAt > now ? "open" : "closed";
    rows.push({
      ...campaign,
      opensLocal: formatLocal(campaign.opensAt, district.timezone),
      closesLocal: formatLocal(campaign.closesAt, district.timezone),
      instrumentVersion: instrument.version,
      status,
      completed: total.completed,
      teachers: total.total,
      unfinished: total.unfinished,
      notJoined: total.notJoined,
    });
  }
  return { district, activeTeachers: teachers, campaigns: rows };
});

// ---------- bulk import ----------

/**
 * `import xlsx`: schools and staff from the template's rows (read by the CLI, cli/staff-workbook.ts).
 * Every problem is listed at once and nothing is written while any remains; otherwise everything
 * goes in one transaction, with a personal invite for each new person. `--dry-run` only tells.
 */
export const importXlsx = command(
  z.object({
    district: districtRef,
    schools: ImportRowsSchema.schools.default([]),
    staff: ImportRowsSchema.staff.default([]),
    dryRun: z.boolean({ error: "флаг без значения: просто --dry-run" }).default(false),
    days: integer(1, 366).default(DEFAULT_INVITE_DAYS),
    bot: botUsername.optional(),
    maxBot: maxBotNick.optional(),
  }),
  async (ctx, input) => {
    const started = performance.now();
    const district = await resolveDistrict(ctx.prisma, input.district);
    if (!input.schools.length && !input.staff.length) {
      throw new CliError("invalid", "--file: в файле нет ни одной строки с данными (строки «Пример…» не загружаются)");
    }
    const now = ctx.clock.now();
    const expiresAt = new Date(now.getTime() + input.days * DAY_MS);
    const run = async (db: Pick<PrismaClient, "school" | "membership" | "person" | "invite">) => {
      const plan = planImport(input, await loadDistrict(db, district.id));
      if (plan.problems.length) {
        throw new CliError(
          "invalid",
          [
            `${input.dryRun ? "Проверка (--dry-run)" : "Файл не загружен, ничего не записано"}: проблем ${plan.problems.length}.`,
            ...plan.problems.map(formatProblem),
            "Исправьте эти строки и запустите снова (проверка без записи: --dry-run).",
          ].join("\n"),
        );
      }
      if (!input.dryRun) await applyImport(db, plan, { districtId: district.id, now, expiresAt, randomBytes: ctx.randomBytes });
      return plan;
    };
    // The reads and the writes share one transaction: what was checked is what is written.
    const plan = input.dryRun
      ? await run(ctx.prisma)
      : await ctx.prisma.$transaction((tx) => run(tx), { maxWait: 10_000, timeout: 120_000 });
    const count = (action: string) => plan.schools.filter((school) => school.action === action).length;
    return {
      district,
      dryRun: input.dryRun,
      elapsedMs: Math.round(performance.now() - started),
      bots: { telegram: input.bot ?? null, max: input.maxBot ?? null } satisfies InviteBots,
      schools: { created: count("create"), renamed: count("rename"), coded: count("code"), unchanged: count("keep") },
      staff: {
        rows: plan.staffRows,
        newPeople: plan.people.length,
        existingPeople: plan.existingPeople,
        newMemberships: plan.memberships.length,
        alreadyPresent: plan.present.length,
      },
      invites: { created: plan.people.length, expiresAt, expiresLocal: formatLocal(expiresAt, district.timezone) },
      warnings: plan.warnings.map(formatProblem),
      bySchool: schoolSummary(plan),
    };
  },
);

// ---------- instruments ----------

const instrumentSummary = (row: { id: string; key: string; version: number; title: string; status: string; definition: unknown; builtIn: boolean }) => {
  const definition = row.definition as Partial<Instrument>;
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    title: row.title,
    status: row.status as Instrument["status"],
    /** The shared built-in version (the draft version 1), not the district's own. */
    builtIn: row.builtIn,
    questions: definition.questions?.length ?? 0,
    areas: definition.areas?.length ?? 0,
  };
};

/**
 * Versions a district sees — the built-in ones and its own, never another district's — with what its
 * new campaign would run (`default`) and how many of its campaigns ran each.
 */
export const instrumentList = command(z.object({ district: districtRef }), async (ctx, input) => {
  const district = await resolveDistrict(ctx.prisma, input.district);
  await ensureInstrument(ctx.prisma);
  const rows = await listInstruments(ctx.prisma, undefined, district.id);
  const chosen = await pickInstrument(ctx.prisma, TEACHER_DIAGNOSTIC_KEY, district.id);
  return {
    district,
    instruments: rows.map((row) => ({
      ...instrumentSummary(row),
      campaigns: row._count.campaigns,
      createdAt: row.createdAt,
      default: row.id === chosen?.id,
    })),
  };
});

/** `instrument export`: a version the district sees, as data; the CLI writes the JSON file. */
export const instrumentExport = command(
  z.object({ district: districtRef, version: integer(1, 10_000).optional() }),
  async (ctx, input) => {
    const district = await resolveDistrict(ctx.prisma, input.district);
    await ensureInstrument(ctx.prisma);
    const versions = await listInstruments(ctx.prisma, TEACHER_DIAGNOSTIC_KEY, district.id);
    // The district's own version of a number comes first (pickInstrument's order).
    const row =
      input.version === undefined
        ? versions[0]
        : (versions.find((candidate) => candidate.version === input.version && !candidate.builtIn) ??
          versions.find((candidate) => candidate.version === input.version));
    if (!row) {
      const stored = [...new Set(versions.map((v) => v.version))].sort((a, b) => a - b);
      throw new CliError("not_found", `--version: версии ${input.version} нет; сохранены: ${stored.join(", ")}`);
    }
    return {
      district,
      ...instrumentSummary(row),
      nextVersion: versions[0]!.version + 1,
      definition: InstrumentSchema.parse(row.definition),
    };
  },
);

/**
 * `instrument import`: an edited teacher diagnostic (JSON read by the CLI) becomes a new version of
 * the district's own; other districts do not see it. Its number must be above every version the
 * district sees (the built-in ones included), so numbers never repeat within a district; versions
 * already stored never change. `--approve` marks it approved by the district.
 */
export const instrumentImport = command(
  z.object({
    district: districtRef,
    /** The parsed JSON of the file; the CLI reads it before this runs. */
    definition: z.unknown().optional(),
    approve: z.boolean({ error: "флаг без значения: просто --approve" }).default(false),
  }),
  async (ctx, input) => {
    const district = await resolveDistrict(ctx.prisma, input.district);
    if (input.definition === undefined) throw new CliError("invalid", "--file: укажите файл анкеты .json (его даёт instrument export)");
    await ensureInstrument(ctx.prisma);
    const stored = (await listInstruments(ctx.prisma, TEACHER_DIAGNOSTIC_KEY, district.id)).map((row) => row.version);
    const checked = checkInstrumentFile(input.definition, stored, input.approve);
    if (!checked.instrument) {
      throw new CliError("invalid", [`Анкета не загружена: проблем ${checked.problems.length}.`, ...checked.problems].join("\n"));
    }
    const id = await ensureInstrument(ctx.prisma, checked.instrument, district.id);
    const chosen = await pickInstrument(ctx.prisma, TEACHER_DIAGNOSTIC_KEY, district.id);
    return {
      district,
      ...instrumentSummary({ ...checked.instrument, id, definition: checked.instrument, builtIn: false }),
      previousVersions: [...new Set(stored)].sort((a, b) => a - b),
      warnings: checked.warnings,
      /** Whether `campaign open` without --instrument-version now runs this version. */
      default: chosen?.id === id,
    };
  },
);

/** Commands by their CLI name; the running server accepts the same names (server/admin-bridge.ts). */
export const registry = {
  "district create": districtCreate,
  "district list": districtList,
  "school add": schoolAdd,
  "school list": schoolList,
  "invite create": inviteCreate,
  "invite sheet": inviteSheet,
  "invite list": inviteList,
  "invite revoke": inviteRevoke,
  "member list": memberList,
  "member deactivate": memberDeactivate,
  "member move": memberMove,
  "member add-school": memberAddSchool,
  "import xlsx": importXlsx,
  "campaign open": campaignOpen,
  "campaign list": campaignList,
  "instrument list": instrumentList,
  "instrument export": instrumentExport,
  "instrument import": instrumentImport,
} as const;
export type CommandName = keyof typeof registry;
