// The operator's commands (`npm run cli -- <группа> <команда>` and the admin bridge of a running
// server, which accepts the same names): each validates its raw options with zod, reporting a
// problem in Russian with the option's name, and runs the admin use case as the trusted operator
// (actor null). A refusal of the use case comes back as AdminError with the option and the
// operator's hint in its message. The CLI prints the results; the bridge returns them as JSON.
import { z } from "zod";
import { DEFAULT_INVITE_DAYS } from "../invites/codes.ts";
import { optionsText } from "../messages/admin.ts";
import { ROLES } from "../roles.ts";
import { AdminError, findDistrict, isAdminError, type AdminContext } from "./admin.ts";
import { DEFAULT_METHODOLOGY } from "../methodology/settings.ts";
import { districtSummaryUnchecked } from "./aggregates.ts";
import {
  CAMPAIGN_INSTRUMENT_KEYS,
  campaignRates,
  closeCampaign,
  DEFAULT_CAMPAIGN_TITLE,
  listCampaigns,
  openCampaign,
  REMIND_EVERY_MAX,
  type CampaignContext,
} from "./campaigns.ts";
import { campaignCliText } from "../messages/campaigns.ts";
import { RESPONDENTS } from "../instruments/schema.ts";
import { CLUSTERS } from "../identification/types.ts";
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
    .string({ error: (issue) => (issue.input === undefined ? optionsText.missing(what) : optionsText.notText) })
    .trim()
    .min(1, { error: optionsText.empty(what) })
    .max(max, { error: optionsText.tooLong(max) });

const integer = (min: number, max: number) =>
  z
    .string({ error: optionsText.notInteger })
    .trim()
    .regex(/^\d+$/, { error: optionsText.integerRange(min, max) })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: optionsText.atLeast(min) })
        .max(max, { error: optionsText.atMost(max) }),
    );

const timeZone = z
  .string()
  .trim()
  .transform((zone, ctx) => {
    const canonical = canonicalTimeZone(zone);
    if (!canonical) {
      ctx.addIssue({ code: "custom", message: optionsText.unknownTimeZone(zone) });
      return z.NEVER;
    }
    return canonical;
  });

const ROLE_HINT = optionsText.roleChoices(ROLES);
const role = z.enum(ROLES, {
  error: (issue) => (issue.input === undefined ? optionsText.noRole(ROLE_HINT) : optionsText.unknownRole(String(issue.input), ROLE_HINT)),
});
const staffRole = z.enum(SCHOOL_STAFF_ROLES, {
  error: (issue) =>
    optionsText.wrongStaffRole(issue.input === undefined ? undefined : String(issue.input), optionsText.roleChoices(SCHOOL_STAFF_ROLES)),
});

const field = optionsText.field;
const districtRef = text(field.district);
const schoolRef = text(field.school, 100);
const flag = (name: string) => z.boolean({ error: optionsText.flag(name) });
const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: optionsText.isoDate })
  .refine((value) => {
    const [year, month, day] = value.split("-").map(Number) as [number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  }, { error: optionsText.noSuchDate });

/** «имя_вашего_бота» and the like: the README's placeholder typed as it is. */
const looksLikePlaceholder = (value: string) => /[а-яё<>]/i.test(value);
/** The README's example name typed as it is, or null (an own bot's name). */
const readmeSample = (input: unknown) => (looksLikePlaceholder(String(input)) ? String(input) : null);

/** Telegram bot usernames: 5–32 Latin letters, digits and _, ending in "bot"; a leading @ or t.me/ is dropped. */
const botUsername = z
  .string()
  .trim()
  .transform((value) => value.replace(/^(https?:\/\/)?t\.me\//i, "").replace(/^@/, ""))
  .pipe(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]{1,28}bot$/i, {
      error: (issue) => optionsText.botUsername(readmeSample(issue.input)),
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
      error: (issue) => optionsText.maxBotNick(readmeSample(issue.input)),
    }),
  );
const bots = (input: { bot?: string; maxBot?: string }): InviteBots => ({ telegram: input.bot ?? null, max: input.maxBot ?? null });

// ---------- commands ----------

export const districtCreate = command(
  z.object({ name: text(field.districtName), timezone: timeZone.default("Europe/Moscow") }),
  (ctx, input) => createDistrict(ctx, null, input),
);

export const districtList = command(z.object({}), (ctx) => listDistricts(ctx, null));

export const schoolAdd = command(
  z.object({ district: districtRef, name: text(field.schoolName, 300), code: text(field.schoolCode, 40).optional() }),
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
          message: optionsText.sheetForWhom,
        });
      }
      if (!input.bot && !input.maxBot) {
        issue.addIssue({
          code: "custom",
          message: optionsText.sheetNoBot,
        });
      }
    }),
  (ctx, input) => inviteSheet(ctx, null, { ...input, bots: bots(input) }),
);

export const inviteList = command(z.object({ district: districtRef, school: schoolRef.optional() }), (ctx, input) => listInvites(ctx, null, input));

export const inviteRevoke = command(z.object({ code: text(field.inviteCode, 40) }), (ctx, input) => revokeInvite(ctx, null, input));

export const memberList = command(
  z
    .object({ district: districtRef.optional(), school: schoolRef.optional(), role: role.optional(), person: text(field.person, 60).optional() })
    .refine((input) => input.district || input.person, { error: optionsText.districtOrPerson }),
  async (ctx, input) => {
    const result = await listMembers(ctx, null, input);
    // Only who is who: names, roles and channels. Answers are never read here.
    return {
      ...result,
      members: result.members.map(({ districtId: _districtId, ...member }) => member),
    };
  },
);

const membershipRef = text(field.membership, 60);

export const memberDeactivate = command(z.object({ membership: membershipRef }), (ctx, input) => deactivateMember(ctx, null, input));

export const memberMove = command(z.object({ membership: membershipRef, school: schoolRef }), (ctx, input) => moveMember(ctx, null, input));

export const memberAddSchool = command(
  z.object({
    person: text(field.personFromList, 60),
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

/** A comma-separated option («teacher,head», «01,02»). */
const commaList = (raw: string) => [...new Set(raw.split(/[,;\s]+/).map((item) => item.trim()).filter(Boolean))];
const respondentList = z
  .string({ error: optionsText.notText })
  .transform(commaList)
  .pipe(z.array(z.enum(RESPONDENTS, { error: campaignCliText.roles(RESPONDENTS) })).min(1, { error: campaignCliText.roles(RESPONDENTS) }));

export const campaignOpen = command(
  z
    .object({
      district: districtRef,
      title: text(field.campaignTitle).optional(),
      from: isoDate.optional(),
      days: integer(1, 366).default(30),
      instrumentVersion: integer(1, 10_000).optional(),
      /** #13: the instrument key (teacher_deficits when absent), who is asked, which schools, the reminder cadence. */
      instrument: z.string({ error: optionsText.notText }).trim().regex(/^[a-z0-9_]{1,32}$/, { error: campaignCliText.instrument(CAMPAIGN_INSTRUMENT_KEYS) }).optional(),
      roles: respondentList.optional(),
      schoolCodes: z.string({ error: optionsText.notText }).transform(commaList).pipe(z.array(z.string().max(60)).min(1, { error: campaignCliText.schools })).optional(),
      cluster: z.enum(CLUSTERS, { error: campaignCliText.cluster(CLUSTERS) }).optional(),
      list: z.enum(["shnor", "shnsu", "official-shnor", "official-shnsu"], { error: campaignCliText.list }).optional(),
      year: integer(2000, 2100).optional(),
      remindEvery: integer(0, REMIND_EVERY_MAX).optional(),
    })
    .refine((input) => [input.schoolCodes, input.cluster, input.list].filter((value) => value !== undefined).length <= 1, {
      error: campaignCliText.oneChoice,
    }),
  (ctx, { instrument, roles, schoolCodes: schools, cluster, list, year, remindEvery, ...input }) =>
    openCampaign(ctx as CampaignContext, null, {
      ...input,
      ...(instrument ? { instrumentKey: instrument } : {}),
      ...(roles ? { roles } : {}),
      ...(remindEvery !== undefined ? { remindEveryDays: remindEvery } : {}),
      schools: schools
        ? { kind: "chosen", schools }
        : cluster
          ? { kind: "cluster", cluster, ...(year ? { year } : {}) }
          : list
            ? { kind: "list", list, ...(year ? { year } : {}) }
            : { kind: "all" },
    }),
);

/** One campaign's response rates per school (counts only). */
export const campaignRatesCommand = command(z.object({ campaign: text(field.campaign, 60) }), (ctx, input) => campaignRates(ctx, null, input));

export const campaignClose = command(z.object({ campaign: text(field.campaign, 60) }), (ctx, input) =>
  closeCampaign(ctx, null, input),
);

export const campaignList = command(z.object({ district: districtRef }), (ctx, input) => listCampaigns(ctx, null, input));

/** An instrument key (the catalog's; instrument list shows them): the use case names the keys when it is unknown. */
const instrumentKey = z.string({ error: optionsText.notText }).trim().min(1, { error: optionsText.notText }).max(40).optional();

export const instrumentList = command(z.object({ district: districtRef, key: instrumentKey }), (ctx, input) => listInstruments(ctx, null, input));

export const instrumentExport = command(
  z.object({ district: districtRef, key: instrumentKey, version: integer(1, 10_000).optional() }),
  (ctx, input) => exportInstrument(ctx, null, input),
);

export const instrumentImport = command(
  z.object({
    district: districtRef,
    /** The parsed JSON of the file; the CLI reads it before this runs. */
    definition: z.unknown().optional(),
    approve: flag("approve").default(false),
  }),
  async (ctx, input) => {
    if (input.definition === undefined) throw new AdminError("invalid", optionsText.instrumentFile, { field: "file" });
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
    name: text(field.operatorName, 1000),
    address: text(field.operatorAddress, 1000),
    term: text(field.operatorTerm, 1000),
    purpose: text(field.operatorPurpose, 1000).optional(),
    data: text(field.operatorData, 1000).optional(),
    actions: text(field.operatorActions, 1000).optional(),
    withdrawal: text(field.operatorWithdrawal, 1000).optional(),
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
  "campaign rates": campaignRatesCommand,
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
