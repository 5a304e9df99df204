// The admin CLI's operations as functions over the database, returning plain data. Commander wiring,
// printing and the process (config, opening and closing the database) live in cli/main.ts; tests call
// these directly. Every command validates its raw options with zod and reports a problem in Russian,
// naming the option.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { isDomainError } from "../core/errors.ts";
import { inviteProblem, normalizeCode, type InviteProblem } from "../core/invites/codes.ts";
import { TEACHER_DIAGNOSTIC_KEY } from "../core/instruments/teacher-diagnostic.ts";
import { roleTitle } from "../core/messages/ru.ts";
import { ROLES, type Role } from "../core/roles.ts";
import { createInvite } from "../core/services/onboarding.ts";
import type { Clock, Repository } from "../core/services/ports.ts";
import { createDistrict, createSchool, listMembers, openCampaign } from "../prisma/admin.ts";
import type { PrismaClient } from "../prisma/db.ts";
import { PrismaRepository } from "../prisma/repository.ts";

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
  spec: { role: Role; districtId: string; schoolId: string | null; maxUses?: number; days?: number },
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

/**
 * A school's printable invite sheet: creates the invites it lists (personal ones for teachers and
 * heads, one school-wide invite for parents) and returns plain data; cli/invite-sheet.ts renders it.
 * No names: the district writes each person's name on the printed card by hand.
 */
export const inviteSheet = command(
  z
    .object({
      district: districtRef,
      school: schoolRef,
      teachers: integer(0, 500).default(0),
      heads: integer(0, 20).default(0),
      parents: z.boolean({ error: "флаг без значения: просто --parents" }).default(false),
      days: integer(1, 366).optional(),
      bot: botUsername.optional(),
      maxBot: maxBotNick.optional(),
    })
    .superRefine((input, issue) => {
      if (!input.teachers && !input.heads && !input.parents) {
        issue.addIssue({
          code: "custom",
          message: "укажите, для кого лист: --teachers N (учителя), --heads N (руководители) и/или --parents (одна ссылка для родителей)",
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
    const where = { districtId: district.id, schoolId: school.id, days: input.days };
    const created = [
      ...(await createInvites(ctx, input.heads, { ...where, role: "head" })),
      ...(await createInvites(ctx, input.teachers, { ...where, role: "teacher" })),
      ...(input.parents ? await createInvites(ctx, 1, { ...where, role: "parent" }) : []),
    ];
    const bots: InviteBots = { telegram: input.bot ?? null, max: input.maxBot ?? null };
    const day = calendarDay(ctx.clock.now(), district.timezone);
    return {
      district,
      school,
      date: day.iso,
      dateLocal: day.local,
      bots,
      invites: created.map((invite) => ({
        code: invite.code,
        role: invite.role,
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
    include: { school: { select: { name: true } } },
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
  z.object({ district: districtRef, school: schoolRef.optional(), role: role.optional() }),
  async (ctx, input) => {
    const district = await resolveDistrict(ctx.prisma, input.district);
    const school = input.school ? await resolveSchool(ctx.prisma, district, input.school) : null;
    const rows = await listMembers(ctx.prisma, { districtId: district.id, schoolId: school?.id, role: input.role });
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
  if (!membership.active) return { ...summary, endedAt: membership.endedAt, alreadyInactive: true };
  const updated = await ctx.prisma.membership.update({
    where: { id: membership.id },
    data: { active: false, endedAt: ctx.clock.now() },
  });
  return { ...summary, endedAt: updated.endedAt, alreadyInactive: false };
});

// ---------- campaigns ----------

export const DEFAULT_CAMPAIGN_TITLE = "Диагностика профессиональных дефицитов педагогов";

export const campaignOpen = command(
  z.object({
    district: districtRef,
    title: text("название кампании (--title)").default(DEFAULT_CAMPAIGN_TITLE),
    from: isoDate.optional(),
    days: integer(1, 366).default(30),
  }),
  async (ctx, input) => {
    const district = await resolveDistrict(ctx.prisma, input.district);
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
    const campaign = await openCampaign(ctx.prisma, { districtId: district.id, title: input.title, opensAt, closesAt });
    return {
      id: campaign.id,
      title: campaign.title,
      district,
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
  const activeTeacher = { districtId: district.id, role: "teacher", active: true };
  // A teacher in two schools is one person: count people, not memberships.
  const teachers = (
    await ctx.prisma.membership.findMany({ where: activeTeacher, distinct: ["personId"], select: { personId: true } })
  ).length;
  const campaigns = await ctx.prisma.campaign.findMany({
    where: { districtId: district.id },
    orderBy: { opensAt: "desc" },
    select: { id: true, title: true, opensAt: true, closesAt: true },
  });
  const now = ctx.clock.now();
  const rows = [];
  for (const campaign of campaigns) {
    const completed = await ctx.prisma.response.count({
      where: { campaignId: campaign.id, completedAt: { not: null }, person: { memberships: { some: activeTeacher } } },
    });
    const status: CampaignStatus = campaign.opensAt > now ? "planned" : campaign.closesAt > now ? "open" : "closed";
    rows.push({
      ...campaign,
      opensLocal: formatLocal(campaign.opensAt, district.timezone),
      closesLocal: formatLocal(campaign.closesAt, district.timezone),
      status,
      completed,
      teachers,
    });
  }
  return { district, activeTeachers: teachers, campaigns: rows };
});

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
  "campaign open": campaignOpen,
  "campaign list": campaignList,
} as const;
export type CommandName = keyof typeof registry;
