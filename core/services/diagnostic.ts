import { DomainError } from "../errors.ts";
import { canAnswerDiagnostic } from "../access/permissions.ts";
import { deficitProfile, type DeficitProfile } from "../diagnostic/profile.ts";
import type { ScaleOption } from "../instruments/schema.ts";
import { TEACHER_DIAGNOSTIC_KEY } from "../instruments/teacher-diagnostic.ts";
import type { MethodologySettings } from "../methodology/settings.ts";
import { answerProblem, position, previousQuestionId } from "../survey/runner.ts";
import type { CampaignRecord, Clock, PersonView, Repository, ResponseRecord } from "./ports.ts";

/**
 * The teacher deficit diagnostic journey, independent of the messenger: each call reads the saved
 * answers, applies one step and returns the screen to show. The channel only renders it.
 */
export interface DiagnosticDeps {
  repo: Repository;
  clock: Clock;
  settings: MethodologySettings;
}

export type DiagnosticScreen =
  | {
      kind: "question";
      campaignId: string;
      campaignTitle: string;
      questionId: string;
      number: number;
      total: number;
      answered: number;
      areaTitle: string;
      text: string;
      options: ScaleOption[];
      current: number | undefined;
      canGoBack: boolean;
      /** Shown above the first question of a new response. */
      intro: string | null;
    }
  /** `finishedBefore`: the response was already complete before this call (a repeated last press). */
  | { kind: "complete"; campaignId: string; campaignTitle: string; profile: DeficitProfile; finishedBefore?: boolean }
  | { kind: "no_campaign" };

function teacherDistrict(person: PersonView): string {
  if (!canAnswerDiagnostic(person.memberships)) throw new DomainError("forbidden", { action: "diagnostic", personId: person.id });
  return person.memberships.find((membership) => membership.active && membership.role === "teacher")!.districtId;
}

/** A person id, or the person a channel has already loaded for this turn (saves a query per answer). */
export type Who = string | PersonView;

async function loadPerson(deps: DiagnosticDeps, who: Who): Promise<PersonView> {
  if (typeof who !== "string") return who;
  const person = await deps.repo.getPerson(who);
  if (!person) throw new DomainError("not_a_member", { personId: who });
  return person;
}

function render(
  deps: DiagnosticDeps,
  campaign: CampaignRecord,
  answers: Map<string, number>,
  cursor: string | null,
): DiagnosticScreen {
  const instrument = campaign.instrument;
  const at = position(instrument, answers, cursor);
  if (at.kind === "complete") {
    return {
      kind: "complete",
      campaignId: campaign.id,
      campaignTitle: campaign.title,
      profile: deficitProfile(instrument, answers, deps.settings),
    };
  }
  const area = instrument.areas.find((candidate) => candidate.id === at.question.areaId)!;
  return {
    kind: "question",
    campaignId: campaign.id,
    campaignTitle: campaign.title,
    questionId: at.question.id,
    number: at.number,
    total: at.total,
    answered: at.answered,
    areaTitle: area.title,
    text: at.question.text,
    options: instrument.scale,
    current: at.current,
    canGoBack: at.canGoBack,
    intro: at.answered === 0 && at.number === 1 ? instrument.intro : null,
  };
}

const finishedBefore = (screen: DiagnosticScreen): DiagnosticScreen =>
  screen.kind === "complete" ? { ...screen, finishedBefore: true } : screen;

/** The open campaign with the teacher's response: one query per turn (bench/survey-step.ts counts them). */
async function openCampaignFor(
  deps: DiagnosticDeps,
  person: PersonView,
  campaignId?: string,
): Promise<{ campaign: CampaignRecord; response: ResponseRecord | null } | null> {
  const districtId = teacherDistrict(person);
  const found = await deps.repo.findOpenCampaignWithResponse(districtId, TEACHER_DIAGNOSTIC_KEY, person.id, deps.clock.now());
  if (campaignId && found?.campaign.id !== campaignId) {
    // A button from a campaign that has closed, or from another district.
    throw new DomainError("no_open_campaign", { campaignId, personId: person.id });
  }
  return found;
}

/** Where the teacher is now: after a restart, or in another messenger, this is the same screen. */
export async function diagnosticScreen(deps: DiagnosticDeps, who: Who): Promise<DiagnosticScreen> {
  const person = await loadPerson(deps, who);
  const found = await openCampaignFor(deps, person);
  if (!found) return { kind: "no_campaign" };
  const { campaign, response } = found;
  return render(deps, campaign, response?.answers ?? new Map(), response?.cursor ?? null);
}

export async function answerDiagnostic(
  deps: DiagnosticDeps,
  who: Who,
  input: { campaignId?: string; questionId: string; value: number },
): Promise<DiagnosticScreen> {
  const person = await loadPerson(deps, who);
  const found = await openCampaignFor(deps, person, input.campaignId);
  if (!found) throw new DomainError("no_open_campaign", { personId: person.id });
  const { campaign, response } = found;
  const problem = answerProblem(campaign.instrument, input.questionId, input.value);
  if (problem) throw new DomainError("invalid_answer", { ...input, problem });
  if (response?.completedAt) return finishedBefore(render(deps, campaign, response.answers, null));
  const answers = new Map(response?.answers ?? []);
  answers.set(input.questionId, input.value);
  // After an answer the runner moves to the first unanswered question.
  const next = position(campaign.instrument, answers, null);
  const now = deps.clock.now();
  await deps.repo.saveAnswer({
    campaignId: campaign.id,
    personId: person.id,
    questionId: input.questionId,
    value: input.value,
    cursor: null,
    completedAt: next.kind === "complete" ? now : null,
    at: now,
  });
  return render(deps, campaign, answers, null);
}

export async function backDiagnostic(
  deps: DiagnosticDeps,
  who: Who,
  input: { campaignId?: string; fromQuestionId: string },
): Promise<DiagnosticScreen> {
  const person = await loadPerson(deps, who);
  const found = await openCampaignFor(deps, person, input.campaignId);
  if (!found) throw new DomainError("no_open_campaign", { personId: person.id });
  const { campaign, response } = found;
  const answers = response?.answers ?? new Map<string, number>();
  if (response?.completedAt) return finishedBefore(render(deps, campaign, answers, null));
  const cursor = previousQuestionId(campaign.instrument, answers, input.fromQuestionId);
  if (cursor) await deps.repo.setCursor(campaign.id, person.id, cursor);
  return render(deps, campaign, answers, cursor ?? input.fromQuestionId);
}

/** The teacher's own profile from the newest campaign they completed (only they may call this). */
export async function myDeficitProfile(
  deps: DiagnosticDeps,
  who: Who,
): Promise<{ campaignTitle: string; completedAt: Date; profile: DeficitProfile } | null> {
  const person = await loadPerson(deps, who);
  const districtId = teacherDistrict(person);
  const campaign = await deps.repo.findLatestCampaign(districtId, TEACHER_DIAGNOSTIC_KEY, deps.clock.now());
  if (!campaign) return null;
  const response = await deps.repo.getResponse(campaign.id, person.id);
  if (!response?.completedAt) return null;
  return {
    campaignTitle: campaign.title,
    completedAt: response.completedAt,
    profile: deficitProfile(campaign.instrument, response.answers, deps.settings),
  };
}
