// /campaign: the district staff open or close the teacher diagnostic from the chat (#11 §2, the
// short actions in the bot), and any other instrument's campaign (#13: «Открыть другой опрос…» →
// the instrument → all schools or a list of the latest identification run → confirm), through the
// same use cases as the CLI and the Mini App (core/services/campaigns.ts). Opening and closing ask
// first, with once-only buttons.
import { isDistrictStaff } from "../access/permissions.ts";
import { TEACHER_DIAGNOSTIC_KEY } from "../instruments/teacher-diagnostic.ts";
import { audienceText, cadenceText, campaignBotText as more, ROLE_NAMES } from "../messages/campaigns.ts";
import { campaignText as text } from "../messages/reminders.ts";
import { isAdminError } from "../services/admin.ts";
import {
  CAMPAIGN_INSTRUMENT_KEYS,
  campaignOptions,
  closeCampaign,
  defaultRemindEveryDays,
  listCampaigns,
  openCampaign,
  type CampaignContext,
  type SchoolChoice,
} from "../services/campaigns.ts";
import { ack, auditChange, escapeHtml, makeNonce, onceData, send } from "./common.ts";
import type { Journey, Turn } from "./types.ts";

const PREFIX = "campaign:";
const DAYS = 30;

const context = (turn: Turn): CampaignContext | null =>
  turn.deps.admin
    ? {
        admin: turn.deps.admin,
        repo: turn.deps.repo,
        clock: turn.deps.clock,
        randomBytes: turn.deps.randomBytes,
        ...(turn.deps.identification?.ident ? { ident: turn.deps.identification.ident } : {}),
      }
    : null;

/** The schools of a chat-opened survey: a = all, s = the latest run's ШНОР, u = its ШНСУ. */
const CHOICES: Record<string, SchoolChoice> = { a: { kind: "all" }, s: { kind: "list", list: "shnor" }, u: { kind: "list", list: "shnsu" } };

/** Runs a use case; its refusal (AdminError) is told in its own Russian words. */
async function attempt(turn: Turn, work: (ctx: CampaignContext) => Promise<void>) {
  const ctx = context(turn);
  if (!ctx) return send(turn, { text: text.unavailable });
  try {
    await work(ctx);
  } catch (error) {
    if (!isAdminError(error)) throw error;
    send(turn, { text: error.message });
  }
}

async function show(turn: Turn) {
  const districts = [...new Set(turn.person!.memberships.filter((m) => m.active && isDistrictStaff(m)).map((m) => m.districtId))];
  await attempt(turn, async (ctx) => {
    for (const districtId of districts) {
      const { district, campaigns } = await listCampaigns(ctx, turn.person, { district: districtId });
      const name = escapeHtml(district.name);
      // Other instruments' running campaigns first, each with its figures and «Закрыть»; the diagnostic last.
      for (const survey of campaigns.filter((row) => row.status !== "closed" && row.instrumentKey !== TEACHER_DIAGNOSTIC_KEY)) {
        const status = survey.status as "planned" | "open";
        send(turn, {
          text: more.running(
            name,
            escapeHtml(survey.title),
            status,
            survey.opensLocal,
            survey.closesLocal,
            survey.completed,
            survey.teachers,
            survey.codes ? more.codesLine(survey.codes.used, survey.codes.issued) : "",
          ),
          html: true,
          buttons: [[{ kind: "action", text: more.closeSurveyButton(status === "planned"), data: `${PREFIX}close:${survey.id}` }]],
        });
      }
      const other = { kind: "action" as const, text: more.otherButton, data: `${PREFIX}new:${district.id}` };
      const current = campaigns.find((campaign) => campaign.status !== "closed" && campaign.instrumentKey === TEACHER_DIAGNOSTIC_KEY);
      if (!current) {
        send(turn, {
          text: text.none(name),
          html: true,
          buttons: [[{ kind: "action", text: text.openButton(DAYS), data: `${PREFIX}open:${district.id}` }], [other]],
        });
        continue;
      }
      const status = current.status as "planned" | "open";
      send(turn, {
        text: text.current(name, escapeHtml(current.title), status, current.opensLocal, current.closesLocal, current.completed, current.teachers),
        html: true,
        buttons: [[{ kind: "action", text: text.closeButton(status === "planned"), data: `${PREFIX}close:${current.id}` }], [other]],
      });
    }
  });
}

function ask(turn: Turn, question: string, yes: string, data: string) {
  ack(turn);
  const nonce = makeNonce(turn);
  send(turn, {
    text: question,
    buttons: [
      [
        { kind: "action", text: yes, data: onceData(turn, data, nonce) },
        { kind: "action", text: text.no, data: onceData(turn, `${PREFIX}no`, nonce) },
      ],
    ],
  });
}

/** «Открыть другой опрос…»: the instruments other than the diagnostic (its own button opens it). */
async function pickInstrument(turn: Turn, districtId: string) {
  ack(turn);
  await attempt(turn, async (ctx) => {
    const options = await campaignOptions(ctx, turn.person, { district: districtId });
    const rows = options.instruments
      .filter((instrument) => instrument.key !== TEACHER_DIAGNOSTIC_KEY)
      .map((instrument) => [
        {
          kind: "action" as const,
          text: `${instrument.title} (${ROLE_NAMES[instrument.respondent]})`,
          data: `${PREFIX}inst:${districtId}:${CAMPAIGN_INSTRUMENT_KEYS.indexOf(instrument.key)}`,
        },
      ]);
    send(turn, { text: more.pickInstrument, buttons: rows });
  });
}

/** All schools, or the ШНОР/ШНСУ of the latest identification run when there is one. */
async function pickSchools(turn: Turn, districtId: string, index: number) {
  ack(turn);
  await attempt(turn, async (ctx) => {
    const options = await campaignOptions(ctx, turn.person, { district: districtId });
    const instrument = options.instruments.find((row) => row.key === CAMPAIGN_INSTRUMENT_KEYS[index]);
    if (!instrument) return void send(turn, { text: text.cancelled });
    const data = (choice: string) => `${PREFIX}sch:${districtId}:${index}:${choice}`;
    const rows = [[{ kind: "action" as const, text: more.schoolsAll, data: data("a") }]];
    if (options.identification?.shnor) rows.push([{ kind: "action", text: more.schoolsList(`ШНОР ${options.identification.year}`), data: data("s") }]);
    if (options.identification?.shnsu) rows.push([{ kind: "action", text: more.schoolsList(`ШНСУ ${options.identification.year}`), data: data("u") }]);
    send(turn, { text: more.pickSchools(instrument.title), buttons: rows });
  });
}

async function confirmSurvey(turn: Turn, districtId: string, index: number, choice: string) {
  const key = CAMPAIGN_INSTRUMENT_KEYS[index];
  if (!key || !CHOICES[choice]) return send(turn, { text: text.cancelled });
  await attempt(turn, async (ctx) => {
    const options = await campaignOptions(ctx, turn.person, { district: districtId });
    const instrument = options.instruments.find((row) => row.key === key);
    if (!instrument) return void send(turn, { text: text.cancelled });
    const count = choice === "s" ? options.identification?.shnor : choice === "u" ? options.identification?.shnsu : undefined;
    ask(
      turn,
      more.openAsk(
        instrument.title,
        ROLE_NAMES[instrument.respondent],
        count === undefined ? more.schoolsAllShort : more.schoolsCount(count),
        DAYS,
        cadenceText(defaultRemindEveryDays(key)),
        instrument.anonymous,
      ),
      text.openYes,
      `${PREFIX}go:${districtId}:${index}:${choice}`,
    );
  });
}

export const campaignJourney: Journey = {
  name: "campaign",
  prefix: PREFIX,
  commands: [{ name: "campaign", description: more.command, audience: ["district", "regional"] }],
  help: { district: more.help, regional: more.help },
  menu: { district: [{ kind: "command", text: more.menu, command: "campaign" }], regional: [{ kind: "command", text: more.menu, command: "campaign" }] },
  async handle(turn, incoming) {
    if (!turn.person) return;
    if (incoming.kind === "command") return show(turn);
    if (incoming.kind !== "action") return;
    const [, step, id, index, schools] = incoming.data.split(":");
    if (step === "open" && id) return ask(turn, text.openAsk(DAYS), text.openYes, `${PREFIX}openyes:${id}`);
    if (step === "new" && id) return pickInstrument(turn, id);
    if (step === "inst" && id && index) return pickSchools(turn, id, Number(index));
    if (step === "sch" && id && index && schools) return confirmSurvey(turn, id, Number(index), schools);
    if (step === "close" && id) {
      const campaign = await turn.deps.admin?.getCampaign(id);
      return ask(turn, text.closeAsk(campaign?.title ?? ""), text.closeYes, `${PREFIX}closeyes:${id}`);
    }
    ack(turn);
    turn.effects.push({ kind: "clearButtons" });
    // Permissions are checked by the use cases: district staff of that district only.
    if (step === "openyes" && id) {
      return attempt(turn, async (ctx) => {
        const opened = await openCampaign(ctx, turn.person, { district: id, days: DAYS });
        auditChange(turn, "campaigns.change", "/campaign", id);
        send(turn, { text: text.opened(opened.title, opened.closesLocal) });
        if (opened.overlapping.length) send(turn, { text: text.overlap(opened.overlapping.map((row) => row.title).join("; ")) });
      });
    }
    if (step === "closeyes" && id) {
      return attempt(turn, async (ctx) => {
        const closed = await closeCampaign(ctx, turn.person, { campaign: id });
        if (closed.was !== "closed") auditChange(turn, "campaigns.change", "/campaign", closed.district.id);
        const diagnostic = closed.instrumentKey === TEACHER_DIAGNOSTIC_KEY;
        send(turn, {
          text:
            closed.was === "closed"
              ? (diagnostic ? text.alreadyClosed : more.alreadyClosedSurvey)(closed.title)
              : (diagnostic ? text.closed : more.closedSurvey)(closed.title, closed.closesLocal),
        });
      });
    }
    if (step === "go" && id && index && schools && CHOICES[schools]) {
      const key = CAMPAIGN_INSTRUMENT_KEYS[Number(index)];
      if (!key) return send(turn, { text: text.cancelled });
      return attempt(turn, async (ctx) => {
        const opened = await openCampaign(ctx, turn.person, { district: id, instrumentKey: key, days: DAYS, schools: CHOICES[schools] });
        auditChange(turn, "campaigns.change", "/campaign", id);
        send(turn, { text: `${more.opened(opened.title, opened.closesLocal)}\n${audienceText(opened.audience)}.` });
        if (opened.overlapping.length) send(turn, { text: text.overlap(opened.overlapping.map((row) => row.title).join("; ")) });
      });
    }
    send(turn, { text: text.cancelled });
  },
};
