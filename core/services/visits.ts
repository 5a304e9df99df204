// Visits and consultations (#15 §3), independent of the surface: a mentor's, tutor's or curator's
// report goes through the survey runner (core/survey/runner.ts) with the visit-report instrument, one
// Visit row per visit whose answers and cursor are written at every step (a restart or the other
// messenger continues on the same question); the head confirms or disputes it; the district reads the
// visits against the plan and the released feedback on mentoring.
import { z } from "zod";
import { canReadDistrict } from "../access/permissions.ts";
import { builtInInstrument } from "../instruments/catalog.ts";
import { MENTORING_FEEDBACK_KEY } from "../instruments/mentoring-feedback.ts";
import type { Instrument, Question } from "../instruments/schema.ts";
import { VISIT_REPORT_KEY, VISIT_REPORT_VERSION } from "../instruments/visit-report.ts";
import { formatVisitDay, VISIT_FORMAT_NAMES, visitsText as t } from "../messages/visits.ts";
import { surveyText } from "../messages/survey.ts";
import type { MethodologySettings } from "../methodology/settings.ts";
import { minimumFor, nextCell, releaseMean, releaseShare, sameCell, type Bounded, type StoredCell } from "../release/rules.ts";
import type { Role } from "../roles.ts";
import { asAnswerValue, fromStoredAnswer, isAnswer, toStoredAnswer, type AnswerValue, type StoredAnswer } from "../survey/answers.ts";
import { checkAnswer, checkQuestionAnswer, checkTypedAnswer, findQuestion, isComplete, position, previousQuestionId, visibleQuestions } from "../survey/runner.ts";
import { AdminError } from "./admin.ts";
import { ATTACHMENT_MAX_BYTES } from "./file-store-ports.ts";
import type { NetworkContext } from "./network-context.ts";
import type { Clock, OutboxMessage, PersonView, Repository } from "./ports.ts";
import { attachmentType } from "./roadmaps.ts";
import { formatCursor, parseCursor, type SurveyQuestionPosition } from "./survey.ts";
import type { SurveysContext } from "./surveys-context.ts";
import { currentSchoolYear, localDay, schoolYearWindow, visitIndicators, type VisitIndicators } from "./visits-indicators.ts";
import type { VisitFile, VisitFormat, VisitRecord, VisitState } from "./visits-ports.ts";

export interface VisitsDeps {
  clock: Clock;
  network: Pick<NetworkContext, "visits" | "files" | "recipients">;
}

/** Reading the indicators with the feedback on mentoring (a campaign's release). */
export interface VisitsReadDeps extends VisitsDeps {
  repo: Pick<Repository, "findLatestCampaign" | "latestRelease" | "saveRelease" | "listSchools">;
  settings: Pick<MethodologySettings, "minRespondents" | "releaseStep">;
  surveys?: Pick<SurveysContext, "store">;
}

/** Who reports visits: a mentor, tutor or curator assigned to the school (an active membership). */
export const AUTHOR_ROLES = ["mentor", "tutor", "curator"] as const satisfies readonly Role[];

export interface AuthorSchool {
  schoolId: string;
  schoolName: string;
  districtId: string;
  timezone: string;
}

/** The schools a person may report a visit for, each once. */
export function authorSchools(person: PersonView): AuthorSchool[] {
  const schools = new Map<string, AuthorSchool>();
  for (const membership of person.memberships) {
    if (!membership.active || !membership.schoolId || !(AUTHOR_ROLES as readonly string[]).includes(membership.role)) continue;
    if (!schools.has(membership.schoolId)) {
      schools.set(membership.schoolId, {
        schoolId: membership.schoolId,
        schoolName: membership.schoolName ?? "",
        districtId: membership.districtId,
        timezone: membership.districtTimezone,
      });
    }
  }
  return [...schools.values()].sort((a, b) => a.schoolName.localeCompare(b.schoolName, "ru"));
}

export const isHeadOf = (person: PersonView, schoolId: string) =>
  person.memberships.some((membership) => membership.active && membership.role === "head" && membership.schoolId === schoolId);

const instrumentRef = (key: string, version: number) => `${key}@${version}`;

export function instrumentOfVisit(visit: Pick<VisitRecord, "instrumentId">): Instrument {
  const [key, version] = visit.instrumentId.split("@");
  const instrument = builtInInstrument(key ?? "", Number(version));
  if (!instrument) throw new Error(`visit instrument ${visit.instrumentId} is not built in`);
  return instrument;
}

/** The stored answers of a visit; a malformed entry is dropped (and asked again). */
export function answersOfVisit(visit: Pick<VisitRecord, "answers">): Map<string, AnswerValue> {
  const answers = new Map<string, AnswerValue>();
  for (const [questionId, raw] of Object.entries(visit.answers)) {
    try {
      answers.set(questionId, fromStoredAnswer(raw));
    } catch {
      // ignored: asked again
    }
  }
  return answers;
}

// ---- the report in chat ----

export type VisitView =
  | {
      kind: "question";
      visit: VisitRecord;
      instrument: Instrument;
      position: SurveyQuestionPosition;
      areaTitle: string;
      intro: string | null;
      picks?: number[];
    }
  /** Every question answered: attach a file or submit. */
  | { kind: "final"; visit: VisitRecord }
  | { kind: "submitted"; visit: VisitRecord };

export type VisitStep = VisitView | { kind: "problem"; message: string };

export function visitView(visit: VisitRecord): VisitView {
  if (visit.state !== "draft") return { kind: "submitted", visit };
  const instrument = instrumentOfVisit(visit);
  const answers = answersOfVisit(visit);
  const cursor = parseCursor(visit.cursor);
  const at = position(instrument, answers, cursor.questionId);
  if (at.kind === "complete") return { kind: "final", visit };
  const area = instrument.areas.find((candidate) => candidate.id === at.question.areaId);
  const view: Extract<VisitView, { kind: "question" }> = {
    kind: "question",
    visit,
    instrument,
    position: at,
    areaTitle: area?.title ?? "",
    intro: at.answered === 0 && at.number === 1 ? instrument.intro : null,
  };
  if (at.question.type === "multiple") {
    view.picks =
      cursor.questionId === at.question.id && cursor.picks ? cursor.picks : at.current?.kind === "ints" ? [...at.current.values] : [];
  }
  return view;
}

async function ownDraft(deps: VisitsDeps, person: PersonView, visitId: string): Promise<VisitRecord> {
  const visit = await deps.network.visits.get(visitId);
  if (!visit) throw new AdminError("not_found", t.gone);
  if (visit.authorId !== person.id) throw new AdminError("forbidden", t.notYours);
  return visit;
}

const storedOf = (answers: Map<string, AnswerValue>): Record<string, StoredAnswer> =>
  Object.fromEntries([...answers].map(([questionId, answer]) => [questionId, toStoredAnswer(answer)]));

/** Saves the draft's answers and cursor, and gives the screen after them. */
async function save(deps: VisitsDeps, visit: VisitRecord, answers: Map<string, AnswerValue>, cursor: string | null): Promise<VisitStep> {
  const stored = storedOf(answers);
  if (!(await deps.network.visits.saveProgress(visit.id, stored, cursor))) {
    const now = await deps.network.visits.get(visit.id);
    return now ? visitView(now) : { kind: "problem", message: t.gone };
  }
  return visitView({ ...visit, answers: stored, cursor, updatedAt: deps.clock.now() });
}

/** A date answer «ДД.ММ.ГГГГ» as a calendar date (UTC midnight); null when it is not one. */
export function parseVisitDate(text: string): Date | null {
  const match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  if (!match) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

const DATE_QUESTIONS = new Set(["v_date", "v_next_date"]);

/** The report's own checks beyond the runner's: the visit's date is a real day, not in the future, within a year. */
function dateProblem(questionId: string, answer: AnswerValue, now: Date, timezone: string): string | null {
  if (!DATE_QUESTIONS.has(questionId) || answer.kind !== "text") return null;
  const date = parseVisitDate(answer.value);
  if (!date) return t.badDate;
  if (questionId !== "v_date") return null;
  const today = localDay(now, timezone);
  if (date > today) return t.badDate;
  if (date.getTime() < today.getTime() - 366 * 86_400_000) return t.tooOld;
  return null;
}

const timezoneOf = (person: PersonView, visit: VisitRecord) =>
  person.memberships.find((membership) => membership.districtId === visit.districtId)?.districtTimezone ?? "Europe/Moscow";

/** The visible question after `questionId` that is already answered (going forward through a report being changed). */
function nextAnswered(instrument: Instrument, answers: Map<string, AnswerValue>, questionId: string): string | null {
  const visible = visibleQuestions(instrument, answers);
  const index = visible.findIndex((question) => question.id === questionId);
  const next = index >= 0 ? visible[index + 1] : undefined;
  return next && answers.has(next.id) ? next.id : null;
}

async function take(deps: VisitsDeps, person: PersonView, visit: VisitRecord, question: Question, answer: AnswerValue): Promise<VisitStep> {
  const problem = dateProblem(question.id, answer, deps.clock.now(), timezoneOf(person, visit));
  if (problem) return { kind: "problem", message: problem };
  const instrument = instrumentOfVisit(visit);
  const answers = answersOfVisit(visit);
  answers.set(question.id, answer);
  return save(deps, visit, answers, nextAnswered(instrument, answers, question.id));
}

/** A question of the draft that is on screen with the answers so far; null for a stale button. */
async function draftQuestion(deps: VisitsDeps, person: PersonView, visitId: string, questionId: string) {
  const visit = await ownDraft(deps, person, visitId);
  if (visit.state !== "draft") return { visit, question: null };
  const instrument = instrumentOfVisit(visit);
  const question = visibleQuestions(instrument, answersOfVisit(visit)).find((candidate) => candidate.id === questionId) ?? null;
  return { visit, question, instrument };
}

/** /visit for a school: the author's draft there (a new one when none), on its current question. */
export async function startVisit(deps: VisitsDeps, person: PersonView, schoolId: string): Promise<VisitView> {
  const school = authorSchools(person).find((candidate) => candidate.schoolId === schoolId);
  if (!school) throw new AdminError("forbidden", t.schoolNotAssigned);
  const visit = await deps.network.visits.openDraft({
    districtId: school.districtId,
    schoolId,
    authorId: person.id,
    instrumentId: instrumentRef(VISIT_REPORT_KEY, VISIT_REPORT_VERSION),
  });
  return visitView(visit);
}

/** A button answer (a choice, «затрудняюсь», «пропустить», «оставить как есть»). */
export async function answerVisit(deps: VisitsDeps, person: PersonView, visitId: string, questionId: string, answer: AnswerValue): Promise<VisitStep> {
  const { visit, question, instrument } = await draftQuestion(deps, person, visitId, questionId);
  if (!question || !instrument) return visitView(visit);
  const check = checkAnswer(instrument, question.id, answer);
  if (!check.ok) return { kind: "problem", message: check.message };
  return take(deps, person, visit, question, check.value);
}

/** A number or text typed in chat for the question on screen. */
export async function answerVisitTyped(deps: VisitsDeps, person: PersonView, visitId: string, questionId: string, raw: string): Promise<VisitStep> {
  const { visit, question, instrument } = await draftQuestion(deps, person, visitId, questionId);
  if (!question || !instrument) return visitView(visit);
  const check = checkTypedAnswer(instrument, question.id, raw);
  if (!check.ok) return { kind: "problem", message: check.message };
  return take(deps, person, visit, question, check.value);
}

/** «Оставить как есть»: the saved answer again (moves on). */
export async function keepVisitAnswer(deps: VisitsDeps, person: PersonView, visitId: string, questionId: string): Promise<VisitStep> {
  const visit = await ownDraft(deps, person, visitId);
  const current = answersOfVisit(visit).get(questionId);
  if (!current) return { kind: "problem", message: surveyText.problems.requiredText };
  return answerVisit(deps, person, visitId, questionId, current);
}

/** «Назад»: the visible question before; from the final screen (`fromQuestionId` null) the last one. */
export async function backInVisit(deps: VisitsDeps, person: PersonView, visitId: string, fromQuestionId: string | null): Promise<VisitStep> {
  const visit = await ownDraft(deps, person, visitId);
  if (visit.state !== "draft") return visitView(visit);
  const instrument = instrumentOfVisit(visit);
  const answers = answersOfVisit(visit);
  const target = fromQuestionId === null ? (visibleQuestions(instrument, answers).at(-1)?.id ?? null) : previousQuestionId(instrument, answers, fromQuestionId);
  if (!target) return visitView(visit);
  return save(deps, visit, answers, target);
}

/** A multiple choice pick marked or unmarked; the picks wait in the cursor until «Готово». */
export async function toggleVisitPick(deps: VisitsDeps, person: PersonView, visitId: string, questionId: string, value: number): Promise<VisitStep> {
  const { visit, question } = await draftQuestion(deps, person, visitId, questionId);
  if (!question || question.type !== "multiple") return visitView(visit);
  if (!question.options.some((option) => option.value === value)) return { kind: "problem", message: surveyText.problems.notAnOption };
  const picks = new Set(stagedPicks(visit, questionId));
  if (picks.has(value)) picks.delete(value);
  else {
    const max = question.maxPicks ?? question.options.length;
    if (picks.size >= max) return { kind: "problem", message: surveyText.problems.tooManyPicks(max) };
    picks.add(value);
  }
  return save(deps, visit, answersOfVisit(visit), formatCursor(questionId, [...picks].sort((a, b) => a - b)));
}

function stagedPicks(visit: VisitRecord, questionId: string): number[] {
  const cursor = parseCursor(visit.cursor);
  if (cursor.questionId === questionId && cursor.picks) return cursor.picks;
  const saved = answersOfVisit(visit).get(questionId);
  return saved?.kind === "ints" ? [...saved.values] : [];
}

/** «Готово» under a multiple choice question. */
export async function confirmVisitPicks(deps: VisitsDeps, person: PersonView, visitId: string, questionId: string): Promise<VisitStep> {
  const { visit, question, instrument } = await draftQuestion(deps, person, visitId, questionId);
  if (!question || !instrument || question.type !== "multiple") return visitView(visit);
  const check = checkQuestionAnswer(instrument, question, { kind: "ints", values: stagedPicks(visit, questionId) });
  if (!check.ok) return { kind: "problem", message: check.message };
  return take(deps, person, visit, question, check.value);
}

/** The draft a typed message or a file belongs to: the author's draft touched last. */
export async function currentDraft(deps: VisitsDeps, person: PersonView): Promise<VisitView | null> {
  const [latest] = await deps.network.visits.drafts(person.id);
  return latest ? visitView(latest) : null;
}

export type FileInput = { fileName: string; size: number | null; download: () => Promise<Uint8Array> };
export type FileProblem = "bad_type" | "too_big" | "download_failed";

export class VisitFileError extends Error {
  constructor(readonly problem: FileProblem) {
    super(`visit file: ${problem}`);
  }
}

/** A photo or file at the end of the report (checked like roadmap evidence), replacing an earlier one. */
export async function attachVisitFile(deps: VisitsDeps, person: PersonView, visitId: string, input: FileInput): Promise<VisitStep> {
  const visit = await ownDraft(deps, person, visitId);
  if (visit.state !== "draft") return visitView(visit);
  const mimeType = attachmentType(input.fileName);
  if (!mimeType) throw new VisitFileError("bad_type");
  if (input.size !== null && input.size > ATTACHMENT_MAX_BYTES) throw new VisitFileError("too_big");
  let content: Uint8Array;
  try {
    content = await input.download();
  } catch {
    throw new VisitFileError("download_failed");
  }
  if (content.byteLength > ATTACHMENT_MAX_BYTES) throw new VisitFileError("too_big");
  if (content.byteLength === 0) throw new VisitFileError("download_failed");
  const key = `visits/${globalThis.crypto.randomUUID()}`;
  await deps.network.files.put(key, content, mimeType);
  const name = input.fileName.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 200);
  const file: VisitFile = { key, name, mimeType };
  const result = await deps.network.visits.setFile(visit.id, file);
  if (!result) {
    await deps.network.files.delete(key);
    const now = await deps.network.visits.get(visit.id);
    return now ? visitView(now) : { kind: "problem", message: t.gone };
  }
  if (result.replaced) await deps.network.files.delete(result.replaced);
  return visitView({ ...visit, file });
}

export async function deleteVisitDraft(deps: VisitsDeps, person: PersonView, visitId: string): Promise<boolean> {
  const visit = await ownDraft(deps, person, visitId);
  const deleted = await deps.network.visits.deleteDraft(visit.id);
  if (deleted?.fileKey) await deps.network.files.delete(deleted.fileKey);
  return deleted !== null;
}

const FORMAT_BY_OPTION: Record<number, VisitFormat> = { 1: "onsite", 2: "remote", 3: "mixed" };

/** Labels of an answer, for notices and the report page. */
export function answerText(question: Question, answer: AnswerValue | undefined): string {
  if (!answer || answer.kind === "skipped") return "—";
  if (answer.kind === "unsure") return surveyText.unsure;
  if (answer.kind === "text") return answer.value;
  if (answer.kind === "number") return String(answer.value);
  const options = question.type === "single" || question.type === "multiple" ? question.options : [];
  const label = (value: number) => options.find((option) => option.value === value)?.label ?? (question.type === "yesno" ? (value === 1 ? surveyText.yes : surveyText.no) : String(value));
  if (answer.kind === "ints") return answer.values.map(label).join(", ");
  return label(answer.value);
}

const textAnswer = (answers: Map<string, AnswerValue>, questionId: string) => {
  const answer = answers.get(questionId);
  return answer?.kind === "text" ? answer.value : "";
};

/** Trims a long text for a chat notice (the whole report is in the Mini App). */
const clip = (text: string, max = 600) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * «Отправить»: the report becomes submitted with its date and format, linked to the author's running
 * assignment to the school, and each head of the school gets a notice with «Подтвердить» and «Оспорить»
 * (one transaction). A second press changes nothing.
 */
export async function submitVisit(deps: VisitsDeps, person: PersonView, visitId: string): Promise<VisitRecord> {
  const visit = await ownDraft(deps, person, visitId);
  if (visit.state !== "draft") throw new AdminError("invalid", t.alreadySubmitted);
  if (!authorSchools(person).some((school) => school.schoolId === visit.schoolId)) throw new AdminError("forbidden", t.schoolNotAssigned);
  const instrument = instrumentOfVisit(visit);
  const answers = answersOfVisit(visit);
  if (!isComplete(instrument, answers)) throw new AdminError("invalid", t.incomplete);
  const visitDate = parseVisitDate(textAnswer(answers, "v_date"));
  const formatAnswer = answers.get("v_format");
  const format = formatAnswer?.kind === "int" ? FORMAT_BY_OPTION[formatAnswer.value] : undefined;
  if (!visitDate || !format) throw new AdminError("invalid", t.incomplete);
  const assignment = await deps.network.visits.activeAssignment(person.id, visit.schoolId, visitDate);
  const heads = await deps.network.recipients.recipients(visit.districtId, { roles: ["head"], schoolIds: [visit.schoolId] });
  const topicsQuestion = findQuestion(instrument, "v_topics");
  const noticeText = t.notice({
    school: visit.schoolName,
    author: person.displayName ?? "Наставник",
    date: formatVisitDay(visitDate),
    format: VISIT_FORMAT_NAMES[format],
    topics: topicsQuestion ? clip(answerText(topicsQuestion, answers.get("v_topics")).replace(/^—$/, "")) : "",
    found: clip(textAnswer(answers, "v_found")),
    agreed: clip(textAnswer(answers, "v_agreed")),
    file: visit.file !== null,
  });
  const notices: OutboxMessage[] = heads
    .filter((head) => head.consented && head.account && head.personId !== person.id)
    .map((head) => ({
      dedupeKey: `visit:${visit.id}:head:${head.personId}`,
      personId: head.personId,
      channel: head.account!.channel,
      chatId: head.account!.chatId,
      text: noticeText,
      buttons: [[{ text: t.confirmButton, data: `vs:c:${visit.id}` }], [{ text: t.disputeButton, data: `vs:p:${visit.id}` }]],
      appStart: `net-visits-${visit.districtId}-${visit.id}`,
    }));
  const at = deps.clock.now();
  if (!(await deps.network.visits.submit(visit.id, { visitDate, format, assignmentId: assignment?.id ?? null, at }, notices))) {
    throw new AdminError("invalid", t.alreadySubmitted);
  }
  return { ...visit, state: "submitted", visitDate, format, assignmentId: assignment?.id ?? null, submittedAt: at, cursor: null };
}

// ---- the head ----

export type DecisionOutcome =
  | { kind: "confirmed"; visit: VisitRecord }
  | { kind: "asking_reason"; visit: VisitRecord }
  | { kind: "disputed"; visit: VisitRecord }
  | { kind: "already"; state: VisitState; visit: VisitRecord };

async function headsVisit(deps: VisitsDeps, person: PersonView, visitId: string): Promise<VisitRecord> {
  const visit = await deps.network.visits.get(visitId);
  if (!visit || visit.state === "draft") throw new AdminError("not_found", t.notFound);
  if (!isHeadOf(person, visit.schoolId)) throw new AdminError("forbidden", t.notHead);
  return visit;
}

async function authorNotice(deps: VisitsDeps, visit: VisitRecord, text: string): Promise<OutboxMessage[]> {
  if (!visit.authorId) return [];
  const [author] = await deps.network.recipients.recipients(visit.districtId, { personIds: [visit.authorId] });
  if (!author?.consented || !author.account) return [];
  return [
    {
      dedupeKey: `visit:${visit.id}:decided`,
      personId: author.personId,
      channel: author.account.channel,
      chatId: author.account.chatId,
      text,
      appStart: `net-visits-${visit.districtId}-${visit.id}`,
    },
  ];
}

const dayOf = (visit: VisitRecord) => (visit.visitDate ? formatVisitDay(visit.visitDate) : "");

/** «Подтвердить визит» (a head of the visit's school); a second press or a decided visit changes nothing. */
export async function confirmVisit(deps: VisitsDeps, person: PersonView, visitId: string): Promise<DecisionOutcome> {
  const visit = await headsVisit(deps, person, visitId);
  if (visit.state === "confirmed" || visit.state === "disputed") return { kind: "already", state: visit.state, visit };
  const at = deps.clock.now();
  const notices = await authorNotice(deps, visit, t.authorConfirmed(visit.schoolName, dayOf(visit)));
  if (!(await deps.network.visits.transition(visit.id, ["submitted", "disputing"], { state: "confirmed", decidedById: person.id, confirmedAt: at }, notices))) {
    const now = (await deps.network.visits.get(visit.id)) ?? visit;
    return { kind: "already", state: now.state, visit: now };
  }
  return { kind: "confirmed", visit: { ...visit, state: "confirmed", confirmedAt: at, decidedById: person.id } };
}

/** «Оспорить» in chat: the visit waits for this head's reason (kept in the row: a restart keeps the step). */
export async function startDispute(deps: VisitsDeps, person: PersonView, visitId: string): Promise<DecisionOutcome> {
  const visit = await headsVisit(deps, person, visitId);
  if (visit.state === "confirmed" || visit.state === "disputed") return { kind: "already", state: visit.state, visit };
  if (!(await deps.network.visits.transition(visit.id, ["submitted", "disputing"], { state: "disputing", decidedById: person.id }))) {
    const now = (await deps.network.visits.get(visit.id)) ?? visit;
    return { kind: "already", state: now.state, visit: now };
  }
  return { kind: "asking_reason", visit: { ...visit, state: "disputing", decidedById: person.id } };
}

/** The visit whose dispute reason this head is typing (after «Оспорить»), if any. */
export const pendingDispute = (deps: VisitsDeps, person: PersonView) => deps.network.visits.disputing(person.id);

export async function cancelDispute(deps: VisitsDeps, person: PersonView): Promise<boolean> {
  const visit = await pendingDispute(deps, person);
  if (!visit) return false;
  return deps.network.visits.transition(visit.id, ["disputing"], { state: "submitted", decidedById: null }, [], person.id);
}

export const ReasonSchema = z.string().trim().min(1).max(1000);

/** The reason: typed after «Оспорить» in chat (`visitId` null), or sent from the Mini App. */
export async function disputeVisit(deps: VisitsDeps, person: PersonView, visitId: string | null, rawReason: unknown): Promise<DecisionOutcome> {
  const visit = visitId ? await headsVisit(deps, person, visitId) : await pendingDispute(deps, person);
  if (!visit) throw new AdminError("not_found", t.notFound);
  if (!isHeadOf(person, visit.schoolId)) throw new AdminError("forbidden", t.notHead);
  if (visit.state === "confirmed" || visit.state === "disputed") return { kind: "already", state: visit.state, visit };
  const reason = ReasonSchema.safeParse(rawReason);
  if (!reason.success) throw new AdminError("invalid", t.reasonRequired, { field: "reason" });
  const notices = await authorNotice(deps, visit, t.authorDisputed(visit.schoolName, dayOf(visit), reason.data));
  const to = { state: "disputed" as const, decidedById: person.id, confirmedAt: null, disputeReason: reason.data };
  const moved = visitId
    ? await deps.network.visits.transition(visit.id, ["submitted", "disputing"], to, notices)
    : await deps.network.visits.transition(visit.id, ["disputing"], to, notices, person.id);
  if (!moved) {
    const now = (await deps.network.visits.get(visit.id)) ?? visit;
    return { kind: "already", state: now.state, visit: now };
  }
  return { kind: "disputed", visit: { ...visit, state: "disputed", disputeReason: reason.data, decidedById: person.id } };
}

// ---- reading: the list, one report, the indicators ----

/** What a person reads of a district's visits: all (district, working group), their schools' (a head), their own (an author). */
export interface VisitScope {
  all: boolean;
  headSchoolIds: string[];
  authorId: string | null;
}

export function visitScope(person: PersonView, districtId: string): VisitScope | null {
  if (canReadDistrict(person.memberships, districtId)) return { all: true, headSchoolIds: [], authorId: null };
  const mine = person.memberships.filter((membership) => membership.active && membership.districtId === districtId);
  const headSchoolIds = [...new Set(mine.filter((membership) => membership.role === "head" && membership.schoolId).map((membership) => membership.schoolId!))];
  const author = mine.some((membership) => (AUTHOR_ROLES as readonly string[]).includes(membership.role));
  if (!headSchoolIds.length && !author) return null;
  return { all: false, headSchoolIds, authorId: author ? person.id : null };
}

/** Whether the person may open this report (a draft only its author). */
export function maySeeVisit(person: PersonView, visit: Pick<VisitRecord, "districtId" | "schoolId" | "authorId" | "state">): boolean {
  if (visit.authorId === person.id) return true;
  if (visit.state === "draft") return false;
  return canReadDistrict(person.memberships, visit.districtId) || isHeadOf(person, visit.schoolId);
}

export interface VisitSummary {
  id: string;
  schoolId: string;
  schoolName: string;
  authorId: string | null;
  authorName: string | null;
  visitDate: Date | null;
  format: VisitFormat | null;
  state: VisitState;
  submittedAt: Date | null;
  hasFile: boolean;
  /** The reader may confirm or dispute it (a head of its school, while it waits). */
  canDecide: boolean;
}

const summaryOf = (person: PersonView, visit: VisitRecord): VisitSummary => ({
  id: visit.id,
  schoolId: visit.schoolId,
  schoolName: visit.schoolName,
  authorId: visit.authorId,
  authorName: visit.authorName,
  visitDate: visit.visitDate,
  format: visit.format,
  state: visit.state,
  submittedAt: visit.submittedAt,
  hasFile: visit.file !== null,
  canDecide: (visit.state === "submitted" || visit.state === "disputing") && isHeadOf(person, visit.schoolId),
});

export interface VisitsOverview {
  districtId: string;
  schoolYear: string;
  scope: "district" | "own";
  indicators: VisitIndicators;
  visits: VisitSummary[];
  feedback: MentoringFeedbackView | null;
}

const SchoolYearSchema = z.string().regex(/^\d{4}\/\d{2}$/);

async function districtTimezone(deps: VisitsReadDeps, districtId: string, person: PersonView): Promise<string> {
  return person.memberships.find((membership) => membership.districtId === districtId)?.districtTimezone ?? "Europe/Moscow";
}

/**
 * The visits of a school year with the indicators against the plan: everything for the district and the
 * working group; a head's school and an author's own visits otherwise. Drafts appear only to their author.
 */
export async function visitsOverview(deps: VisitsReadDeps, person: PersonView, districtId: string, rawYear?: string): Promise<VisitsOverview> {
  const scope = visitScope(person, districtId);
  if (!scope) throw new AdminError("forbidden", t.forbidden);
  const timezone = await districtTimezone(deps, districtId, person);
  const schoolYear = rawYear ?? currentSchoolYear(deps.clock.now(), timezone);
  const window = SchoolYearSchema.safeParse(schoolYear).success ? schoolYearWindow(schoolYear) : null;
  if (!window) throw new AdminError("invalid", t.badYear, { field: "year" });
  const reported = ["submitted", "disputing", "confirmed", "disputed"] as const;
  let visits: VisitRecord[];
  let plans = await deps.network.visits.plans(districtId, window.from, window.to);
  if (scope.all) {
    visits = await deps.network.visits.list({ districtId, states: reported, from: window.from, to: window.to });
  } else {
    const lists = await Promise.all([
      scope.headSchoolIds.length
        ? deps.network.visits.list({ districtId, schoolIds: scope.headSchoolIds, states: reported, from: window.from, to: window.to })
        : Promise.resolve([]),
      scope.authorId ? deps.network.visits.list({ districtId, authorId: scope.authorId, states: reported, from: window.from, to: window.to }) : Promise.resolve([]),
    ]);
    const byId = new Map<string, VisitRecord>();
    for (const visit of lists.flat()) byId.set(visit.id, visit);
    visits = [...byId.values()].sort((a, b) => (b.visitDate?.getTime() ?? 0) - (a.visitDate?.getTime() ?? 0));
    plans = plans.filter((plan) => scope.headSchoolIds.includes(plan.schoolId) || plan.personId === scope.authorId);
  }
  const drafts = scope.authorId || scope.all ? (await deps.network.visits.drafts(person.id)).filter((draft) => draft.districtId === districtId) : [];
  const indicators = visitIndicators(schoolYear, visits, plans);
  const feedback = scope.all || scope.headSchoolIds.length ? await mentoringFeedback(deps, districtId) : null;
  return {
    districtId,
    schoolYear,
    scope: scope.all ? "district" : "own",
    indicators,
    visits: [...drafts, ...visits].map((visit) => summaryOf(person, visit)),
    feedback,
  };
}

export interface VisitDetail extends VisitSummary {
  answers: Array<{ questionId: string; question: string; answer: string }>;
  file: { name: string; mimeType: string } | null;
  disputeReason: string | null;
  confirmedAt: Date | null;
}

export async function visitDetail(deps: VisitsDeps, person: PersonView, visitId: string): Promise<VisitDetail> {
  const visit = await deps.network.visits.get(visitId);
  if (!visit || !maySeeVisit(person, visit)) throw new AdminError("not_found", t.notFound);
  const instrument = instrumentOfVisit(visit);
  const answers = answersOfVisit(visit);
  return {
    ...summaryOf(person, visit),
    answers: visibleQuestions(instrument, answers)
      .filter((question) => isAnswer(answers.get(question.id)))
      .map((question) => ({ questionId: question.id, question: question.text, answer: answerText(question, answers.get(question.id)) })),
    file: visit.file ? { name: visit.file.name, mimeType: visit.file.mimeType } : null,
    disputeReason: visit.disputeReason,
    confirmedAt: visit.confirmedAt,
  };
}

export async function visitFile(deps: VisitsDeps, person: PersonView, visitId: string) {
  const visit = await deps.network.visits.get(visitId);
  if (!visit || !maySeeVisit(person, visit) || !visit.file) throw new AdminError("not_found", t.notFound);
  const content = await deps.network.files.get(visit.file.key);
  if (!content) throw new AdminError("not_found", t.notFound);
  return { name: visit.file.name, mimeType: visit.file.mimeType, content };
}

// ---- feedback on mentoring (seed 003 §4.2.8) ----

export interface FeedbackFigure {
  /** Share answering «Да» or «Скорее да» among those who answered on the scale. */
  agree: Bounded;
  /** Mean on 0–100 (1 → 0, 4 → 100). */
  mean: Bounded;
}

export interface MentoringFeedbackView {
  campaign: { id: string; title: string; opensAt: Date; closesAt: Date } | null;
  minRespondents: number;
  releasedAt: Date | null;
  questions: Array<{ id: string; text: string; cell: { hidden: true } | ({ hidden: false } & FeedbackFigure) }>;
}

interface FeedbackReleaseDoc {
  version: 1;
  cells: Record<string, StoredCell<FeedbackFigure>>;
}

const FEEDBACK_SCOPE = "mentoring:district";

/** Mean of Likert values on the instrument's scale, as 0–100. */
export function feedbackFigure(values: number[], scale: { min: number; max: number }): FeedbackFigure {
  const n = values.length;
  const span = scale.max - scale.min || 1;
  const mean = values.reduce((sum, value) => sum + ((value - scale.min) / span) * 100, 0) / n;
  const agreeAt = scale.min + Math.ceil(span / 2);
  return { agree: releaseShare(values.filter((value) => value >= agreeAt).length, n), mean: releaseMean(mean) };
}

/**
 * The district's latest feedback-on-mentoring campaign, each question one cell through the release rules
 * (core/release/rules.ts: at least the minimum respondents, moves only by a step, bounded figures), stored
 * as a release of the campaign. Nothing of a person leaves: no counts below the minimum, no answers.
 */
export async function mentoringFeedback(deps: VisitsReadDeps, districtId: string): Promise<MentoringFeedbackView | null> {
  if (!deps.surveys) return null;
  const minRespondents = minimumFor("scale", deps.settings);
  const campaign = await deps.repo.findLatestCampaign(districtId, MENTORING_FEEDBACK_KEY, deps.clock.now());
  if (!campaign) return { campaign: null, minRespondents, releasedAt: null, questions: [] };
  const instrument = campaign.instrument;
  const values = instrument.scale.map((option) => option.value);
  const scale = { min: Math.min(...values), max: Math.max(...values) };
  const likert = instrument.questions.filter((question) => question.type === undefined || question.type === "likert");
  for (let attempt = 0; attempt < 3; attempt++) {
    const [previous, responses] = await Promise.all([deps.repo.latestRelease(campaign.id, FEEDBACK_SCOPE), deps.surveys.store.completedResponses(campaign.id)]);
    const before = (previous?.figures as FeedbackReleaseDoc | undefined)?.version === 1 ? (previous!.figures as FeedbackReleaseDoc) : null;
    const doc: FeedbackReleaseDoc = { version: 1, cells: {} };
    let changed = !before;
    for (const question of likert) {
      const contributions = responses.flatMap((response) => {
        const answer = response.answers.get(question.id);
        const value = answer ? asAnswerValue(answer) : undefined;
        return value?.kind === "int" ? [{ responseId: response.responseId, value: value.value }] : [];
      });
      const cell = nextCell(before?.cells[question.id], contributions, { minimum: minRespondents, step: deps.settings.releaseStep }, (list) =>
        feedbackFigure(list, scale),
      );
      doc.cells[question.id] = cell;
      if (!sameCell(before?.cells[question.id], cell)) changed = true;
    }
    const view = (releasedAt: Date | null, shown: FeedbackReleaseDoc): MentoringFeedbackView => ({
      campaign: { id: campaign.id, title: campaign.title, opensAt: campaign.opensAt, closesAt: campaign.closesAt },
      minRespondents,
      releasedAt,
      questions: likert.map((question) => {
        const figure = shown.cells[question.id]?.figure ?? null;
        return { id: question.id, text: question.text, cell: figure ? { hidden: false as const, ...figure } : { hidden: true as const } };
      }),
    });
    if (previous && before && !changed) return view(previous.releasedAt, before);
    const releasedAt = deps.clock.now();
    const respondents = Object.values(doc.cells).reduce((most, cell) => Math.max(most, cell.basis.length), 0);
    if (await deps.repo.saveRelease(campaign.id, FEEDBACK_SCOPE, { seq: (previous?.seq ?? 0) + 1, respondents, figures: doc, releasedAt })) {
      return view(releasedAt, doc);
    }
  }
  throw new Error(`release of mentoring feedback ${campaign.id}: lost three races to store it`);
}
