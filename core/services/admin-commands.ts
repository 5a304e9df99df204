// The operator's commands (`npm run cli -- <группа> <команда>` and the admin bridge of a running
// server, which accepts the same names): each validates its raw options with zod, reporting a
// problem in Russian with the option's name, and runs the admin use case as the trusted operator
// (actor null). A refusal of the use case comes back as AdminError with the option and the
// operator's hint in its message. The CLI prints the results; the bridge returns them as JSON.
import { z } from "zod";
import { DEFAULT_INVITE_DAYS } from "../invites/codes.ts";
import { roleTitle } from "../messages/ru.ts";
import { ROLES } from "../roles.ts";
import { AdminError, findDistrict, isAdminError, type AdminContext } from "./admin.ts";
import { DEFAULT_METHODOLOGY } from "../methodology/settings.ts";
import { districtSummaryUnchecked } from "./aggregates.ts";
import { closeCampaign, DEFAULT_CAMPAIGN_TITLE, listCampaigns, openCampaign } from "./campaigns.ts";
import { addSchool, canonicalTimeZone, createDistrict, listDistricts, listSchools } from "./districts.ts";
import { exportInstrument, importInstrument, listInstruments } from "./instruments.ts";
import { createInvites, inviteSheet, listInvites, revokeInvite, type InviteBots } from "./invites.ts";
import { addMemberSchool, deactivateMember, listMembers, moveMember, SCHOOL_STAFF_ROLES } from "./members.ts";
import { ImportRowsSchema, importStaff } from "./staff-import.ts";
import { setDistrictOperator } from "./onboarding.ts";

export { DEFAULT_CAMPAIGN_TITLE };

/** Inputs the CLI reads from a file are named by that option (the rows of `import xlsx`, the JSON of `instrument import`). */
const FROM_FILE = new Set(["schools", "staff", "fileWarnings", "definition"]);
const optionName = (key: PropertyKey) =>
  FROM_FILE.has(String(key)) ? "--file" : `--${String(key).replace(/[A-Z]/g, (char) => `-${char.toLowerCase()}`)}`;

function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) =>
    issue.path.length ? `${optionName(issue.path[0]!)}: ${issue.message}` : issue.message,
  );
  throw new AdminError("invalid", [...new Set(lines)].join("\n"));
}

/** A use case's refusal as the operator reads it: the option first, the hint last (a no-op once done). */
export function forOperator(error: AdminError): AdminError {
  const { field, hint, lines } = error.detail;
  const message = `${field ? `${optionName(field)}: ` : ""}${error.message}${hint ? ` ${hint}` : ""}`;
  return new AdminError(error.kind, message, { lines });
}

type RawOptions = Record<string, unknown>;

export interface Command<T = unknown> {
  (ctx: AdminContext, raw?: RawOptions): Promise<T>;
  /** Checks the options only, so the CLI can fail before it opens the database. */
  validate(raw?: RawOptions): void;
}

function command<S extends z.ZodType, T>(schema: S, run: (ctx: AdminContext, input: z.output<S>) => Promise<T>): Command<T> {
  return Object.assign(
    async (ctx: AdminContext, raw: RawOptions = {}) => {
      const input = parseOptions(schema, raw);
      try {
        return await run(ctx, input);
      } catch (error) {
        throw isAdminError(error) ? forOperator(error) : error;
      }
    },
    { validate: (raw: RawOptions = {}) => void parseOptions(schema, raw) },
  );
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
const staffRole = z.enum(SCHOOL_STAFF_ROLES, {
  error: (issue) =>
    `${issue.input === undefined ? "не указана роль" : `роль «${String(issue.input)}» здесь не подходит`}; допустимо: ` +
    SCHOOL_STAFF_ROLES.map((value) => `${value} (${roleTitle[value]})`).join(", "),
});

const districtRef = text("район (id или точное название)");
const schoolRef = text("школа (id или код ОО)", 100);
const flag = (name: string) => z.boolean({ error: `флаг без значения: просто --${name}` });
const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "дата в виде ГГГГ-ММ-ДД, например 2026-02-01" })
  .refine((value) => {
    const [year, month, day] = value.split("-").map(Number) as [number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  }, { error: "такой даты нет в календаре" });

/** «имя_вашего_бота» and the like: the README's placeholder typed as it is. */
const looksLikePlaceholder = (value: string) => /[а-яё<>]/i.test(value);

/** Telegram bot usernames: 5–32 Latin letters, digits and _, ending in "bot"; a leading @ or t.me/ is dropped. */
const botUsername = z
  .string()
  .trim()
  .transform((value) => value.replace(/^(https?:\/\/)?t\.me\//i, "").replace(/^@/, ""))
  .pipe(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]{1,28}bot$/i, {
      error: (issue) =>
        "имя бота в Telegram: латиница, цифры и _, 5–32 символа, в конце bot, например shnor_rayon_bot" +
        (looksLikePlaceholder(String(issue.input))
          ? `. «${String(issue.input)}» — образец из инструкции: впишите имя своего бота, которое выдал @BotFather при создании ` +
            "(оно же в ссылке t.me/<имя> и в профиле бота), без @; или задайте BOT_USERNAME в .env"
          : ""),
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
      error: (issue) =>
        "ник бота в MAX — из его ссылки max.ru/<ник>: латиница, цифры и _, например id7701234567_bot" +
        (looksLikePlaceholder(String(issue.input))
          ? `. «${String(issue.input)}» — образец из инструкции: впишите ник своего бота из его ссылки max.ru/<ник>; или задайте MAX_BOT_USERNAME в .env`
          : ""),
    }),
  );
const bots = (input: { bot?: string; maxBot?: string }): InviteBots => ({ telegram: input.bot ?? null, max: input.maxBot ?? null });

// ---------- commands ----------

export const districtCreate = command(
  z.object({ name: text("название района (--name)"), timezone: timeZone.default("Europe/Moscow") }),
  (ctx, input) => createDistrict(ctx, null, input),
);

export const districtList = command(z.object({}), (ctx) => listDistricts(ctx, null));

export const schoolAdd = command(
  z.object({ district: districtRef, name: text("название школы (--name)", 300), code: text("код ОО", 40).optional() }),
  (ctx, input) => addSchool(ctx, null, input),
);

export const schoolList = command(z.object({ district: districtRef }), (ctx, input) => listSchools(ctx, null, input));

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
  (ctx, input) => createInvites(ctx, null, { ...input, bots: bots(input) }),
);

export const inviteSheetCommand = command(
  z
    .object({
      district: districtRef,
      school: schoolRef,
      existing: flag("existing").default(false),
      teachers: integer(0, 500).default(0),
      heads: integer(0, 20).default(0),
      parents: flag("parents").default(false),
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
  (ctx, input) => inviteSheet(ctx, null, { ...input, bots: bots(input) }),
);

export const inviteList = command(z.object({ district: districtRef, school: schoolRef.optional() }), (ctx, input) => listInvites(ctx, null, input));

export const inviteRevoke = command(z.object({ code: text("код приглашения (--code)", 40) }), (ctx, input) => revokeInvite(ctx, null, input));

export const memberList = command(
  z
    .object({ district: districtRef.optional(), school: schoolRef.optional(), role: role.optional(), person: text("id человека (--person)", 60).optional() })
    .refine((input) => input.district || input.person, { error: "укажите район: --district <id|название> (или человека: --person <id>)" }),
  async (ctx, input) => {
    const result = await listMembers(ctx, null, input);
    // Only who is who: names, roles and channels. Answers are never read here.
    return {
      ...result,
      members: result.members.map(({ districtId: _districtId, ...member }) => member),
    };
  },
);

const membershipRef = text("id членства (--membership, см. member list)", 60);

export const memberDeactivate = command(z.object({ membership: membershipRef }), (ctx, input) => deactivateMember(ctx, null, input));

export const memberMove = command(z.object({ membership: membershipRef, school: schoolRef }), (ctx, input) => moveMember(ctx, null, input));

export const memberAddSchool = command(
  z.object({
    person: text("id человека (--person, см. member list)", 60),
    school: schoolRef,
    role: staffRole.default("teacher"),
    district: districtRef.optional(),
  }),
  (ctx, input) => addMemberSchool(ctx, null, input),
);

export const importXlsx = command(
  z.object({
    district: districtRef,
    schools: ImportRowsSchema.schools.default([]),
    staff: ImportRowsSchema.staff.default([]),
    fileWarnings: z.array(z.string().max(2000)).max(1000).default([]),
    dryRun: flag("dry-run").default(false),
    days: integer(1, 366).default(DEFAULT_INVITE_DAYS),
    bot: botUsername.optional(),
    maxBot: maxBotNick.optional(),
  }),
  async (ctx, input) => ({ ...(await importStaff(ctx, null, input)), bots: bots(input) }),
);

export const campaignOpen = command(
  z.object({
    district: districtRef,
    title: text("название кампании (--title)").default(DEFAULT_CAMPAIGN_TITLE),
    from: isoDate.optional(),
    days: integer(1, 366).default(30),
    instrumentVersion: integer(1, 10_000).optional(),
  }),
  (ctx, input) => openCampaign(ctx, null, input),
);

export const campaignClose = command(z.object({ campaign: text("id кампании (--campaign, см. campaign list)", 60) }), (ctx, input) =>
  closeCampaign(ctx, null, input),
);

export const campaignList = command(z.object({ district: districtRef }), (ctx, input) => listCampaigns(ctx, null, input));

export const instrumentList = command(z.object({ district: districtRef }), (ctx, input) => listInstruments(ctx, null, input));

export const instrumentExport = command(z.object({ district: districtRef, version: integer(1, 10_000).optional() }), (ctx, input) =>
  exportInstrument(ctx, null, input),
);

export const instrumentImport = command(
  z.object({
    district: districtRef,
    /** The parsed JSON of the file; the CLI reads it before this runs. */
    definition: z.unknown().optional(),
    approve: flag("approve").default(false),
  }),
  async (ctx, input) => {
    if (input.definition === undefined) throw new AdminError("invalid", "укажите файл анкеты .json (его даёт instrument export)", { field: "file" });
    return importInstrument(ctx, null, { ...input, definition: input.definition });
  },
);

// ---- privacy helper: the district summary of deficits, through the release rules ----
export const summaryExport = command(z.object({ district: districtRef }), async (ctx, input) => {
  const district = await findDistrict(ctx, null, input.district);
  const settings = ctx.settings ?? DEFAULT_METHODOLOGY;
  return { district, releaseStep: settings.releaseStep, summary: await districtSummaryUnchecked({ ...ctx, settings }, district.id) };
});
// ---- end privacy helper ----

// ---- registry: the operator of personal data for the consent text (152-ФЗ); no invite in the bot before it ----
export const districtOperator = command(
  z.object({
    district: districtRef,
    name: text("полное наименование оператора (--name)", 1000),
    address: text("адрес оператора (--address)", 1000),
    term: text("срок обработки (--term), например «до окончания программы, но не дольше 3 лет»", 1000),
    purpose: text("цель обработки (--purpose)", 1000).optional(),
    data: text("состав данных (--data)", 1000).optional(),
    actions: text("действия с данными (--actions)", 1000).optional(),
    withdrawal: text("порядок отзыва согласия (--withdrawal)", 1000).optional(),
  }),
  async (ctx, { district: ref, ...input }) => {
    const district = await findDistrict(ctx, null, ref);
    return { district, operator: await setDistrictOperator(ctx, null, district.id, input) };
  },
);
// ---- end registry ----

/** Commands by their CLI name; the running server accepts the same names (server/admin-bridge.ts). */
export const ADMIN_COMMANDS = {
  "district create": districtCreate,
  "district list": districtList,
  "district operator": districtOperator,
  "school add": schoolAdd,
  "school list": schoolList,
  "invite create": inviteCreate,
  "invite sheet": inviteSheetCommand,
  "invite list": inviteList,
  "invite revoke": inviteRevoke,
  "member list": memberList,
  "member deactivate": memberDeactivate,
  "member move": memberMove,
  "member add-school": memberAddSchool,
  "import xlsx": importXlsx,
  "campaign open": campaignOpen,
  "campaign close": campaignClose,
  "campaign list": campaignList,
  "instrument list": instrumentList,
  "instrument export": instrumentExport,
  "instrument import": instrumentImport,
  "summary export": summaryExport,
} as const satisfies Record<string, Command>;
export type CommandName = keyof typeof ADMIN_COMMANDS;

/** The command of that name; own keys only, so "__proto__" or "constructor" is just unknown. */
export function findCommand(name: string): Command | null {
  return Object.hasOwn(ADMIN_COMMANDS, name) ? (ADMIN_COMMANDS[name as CommandName] as Command) : null;
}
