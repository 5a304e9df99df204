// Issue #13 in the demo district (`npm run demo`): everything a new user should find there after signing in
// as district staff, a head, a teacher, a mentor or the methodologist — made through the product's own use
// cases, never by writing the answers' meaning by hand:
// - campaigns opened and closed by core/services/campaigns.ts (the school self-analysis card, the parent and the
//   student surveys, closed; the teacher diagnostic version 2, open with daily reminders, answered in chat);
// - every answer through core/services/survey.ts (the head's card and the anonymous forms by saveAnswers, the
//   teachers' chat answers by answerQuestion): the checks, branching, completion and the respondent's schools are
//   the product's; anonymous parents and students answer with class codes issued by core/services/anonymous.ts;
// - risk profiles by core/services/risk-profile.ts, the course catalog and routes by core/services/routes.ts.
// Speed: the survey use cases write through a SurveyStore. PrismaSurveyStore spends one transaction per answer
// (tens of milliseconds on PGlite), too slow for ~10 000 demo answers; BufferedSurveyStore keeps the same writes
// in memory, exactly as PrismaSurveyStore would make them (tests/db/demo-instruments.test.ts compares the rows),
// and flushes them with createMany in one transaction.
import { randomBytes as cryptoRandomBytes, randomUUID } from "node:crypto";
import { parentSurveyV1 } from "../core/instruments/parent-survey.ts";
import { schoolCardV1 } from "../core/instruments/school-card.ts";
import { NO, YES } from "../core/instruments/schema.ts";
import { studentSurveyV1 } from "../core/instruments/student-survey.ts";
import { TEACHER_DIAGNOSTIC_KEY, teacherDiagnosticV2 } from "../core/instruments/teacher-diagnostic.ts";
import { DEFAULT_METHODOLOGY } from "../core/methodology/settings.ts";
import { hashClassCode, issueClassCodes } from "../core/services/anonymous.ts";
import { closeCampaign, openCampaign, type CampaignContext } from "../core/services/campaigns.ts";
import type { Clock, MembershipDetail, PersonView } from "../core/services/ports.ts";
import { recomputeDistrict, schoolYearOf, schoolYearWindow, type RiskContext } from "../core/services/risk-profile.ts";
import { importCourses, markItemDone, myRoute, type RoutesDeps } from "../core/services/routes.ts";
import type { CourseInput } from "../core/services/routes-ports.ts";
import { answerQuestion, saveAnswers, type SurveyServiceDeps, type SurveyWho } from "../core/services/survey.ts";
import type {
  CompletedResponse,
  RespondentRef,
  ResponseSource,
  SaveAnswerInput,
  SurveyCampaign,
  SurveyResponse,
  SurveyStore,
} from "../core/services/survey-ports.ts";
import type { SurveysContext } from "../core/services/surveys-context.ts";
import { toStoredAnswer, type AnswerValue } from "../core/survey/answers.ts";
import { ensureInstrument, PrismaAdminRepository } from "./admin.ts";
import type { PrismaClient } from "./db.ts";
import { identificationParts } from "./identification.ts";
import { PrismaRepository } from "./repository.ts";
import { PrismaSurveyStore } from "./survey.ts";
import { surveysContext } from "./surveys.ts";

const DAY_MS = 86_400_000;
/** Ids in Prisma's cuid alphabet, made here for createMany. */
const newId = () => `d${randomUUID().replaceAll("-", "")}`;

// ---------------------------------------------------------------- the buffered store

interface Pending {
  id: string;
  campaignId: string;
  respondent: RespondentRef;
  source: ResponseSource;
  cursor: string | null;
  startedAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  answers: Map<string, { answer: AnswerValue; at: Date }>;
  schoolIds: string[];
  codeUsedAt: Date | null;
}

/**
 * A SurveyStore for NEW respondents that makes in memory the rows PrismaSurveyStore.saveAnswer makes (a response
 * created with its source and start, answers upserted, the cursor, the completion with its ResponseSchool rows and
 * the class code used up) and writes them with `flush()` in one transaction. Reads of campaigns and completed
 * responses go to the real store; campaigns are cached until `forgetCampaigns()` (call it after closing one).
 */
export class BufferedSurveyStore implements SurveyStore {
  private readonly campaigns = new Map<string, Promise<SurveyCampaign | null>>();
  private readonly pending = new Map<string, Pending>();
  private readonly real: SurveyStore;

  constructor(private readonly prisma: PrismaClient) {
    this.real = new PrismaSurveyStore(prisma);
  }

  private key(campaignId: string, respondent: RespondentRef) {
    return respondent.kind === "person" ? `p:${campaignId}:${respondent.personId}` : `c:${respondent.classCodeId}`;
  }

  getCampaign(campaignId: string): Promise<SurveyCampaign | null> {
    let campaign = this.campaigns.get(campaignId);
    if (!campaign) {
      campaign = this.real.getCampaign(campaignId);
      this.campaigns.set(campaignId, campaign);
    }
    return campaign;
  }

  forgetCampaigns() {
    this.campaigns.clear();
  }

  openCampaignsFor(person: PersonView, at: Date): Promise<SurveyCampaign[]> {
    return this.real.openCampaignsFor(person, at);
  }

  async getResponse(campaignId: string, respondent: RespondentRef): Promise<SurveyResponse | null> {
    const row = this.pending.get(this.key(campaignId, respondent));
    if (!row || row.campaignId !== campaignId) return null;
    return {
      id: row.id,
      campaignId: row.campaignId,
      respondent,
      cursor: row.cursor,
      completedAt: row.completedAt,
      source: row.source,
      answers: new Map([...row.answers].map(([questionId, entry]) => [questionId, entry.answer])),
      updatedAt: row.updatedAt,
    };
  }

  async saveAnswer(input: SaveAnswerInput): Promise<void> {
    const key = this.key(input.campaignId, input.respondent);
    const existing = this.pending.get(key);
    if (existing && existing.campaignId !== input.campaignId) throw new Error("class code answered in another campaign");
    const wasComplete = existing?.completedAt ?? null;
    const completedAt = wasComplete ?? input.completedAt;
    const row: Pending = existing ?? {
      id: newId(),
      campaignId: input.campaignId,
      respondent: input.respondent,
      source: input.source,
      cursor: input.cursor,
      startedAt: input.at,
      updatedAt: input.at,
      completedAt,
      answers: new Map(),
      schoolIds: [],
      codeUsedAt: null,
    };
    if (existing) {
      if (existing.answers.size === 0) existing.source = input.source;
      existing.cursor = input.cursor;
      existing.completedAt = completedAt;
      existing.updatedAt = input.at;
    } else {
      this.pending.set(key, row);
    }
    row.answers.set(input.questionId, { answer: input.answer, at: input.at });
    if (completedAt && !wasComplete) {
      row.schoolIds = [...new Set(input.schoolIds)];
      if (input.respondent.kind === "code") row.codeUsedAt = input.at;
    }
  }

  async setCursor(campaignId: string, respondent: RespondentRef, cursor: string | null): Promise<void> {
    const existing = this.pending.get(this.key(campaignId, respondent));
    if (existing) {
      existing.cursor = cursor;
      return;
    }
    const at = new Date();
    this.pending.set(this.key(campaignId, respondent), {
      id: newId(),
      campaignId,
      respondent,
      source: "chat",
      cursor,
      startedAt: at,
      updatedAt: at,
      completedAt: null,
      answers: new Map(),
      schoolIds: [],
      codeUsedAt: null,
    });
  }

  completedResponses(campaignId: string, schoolId?: string): Promise<CompletedResponse[]> {
    return this.real.completedResponses(campaignId, schoolId);
  }

  /** Writes what is pending in one transaction; returns the number of responses written. */
  async flush(): Promise<number> {
    const rows = [...this.pending.values()];
    this.pending.clear();
    if (!rows.length) return 0;
    const answers = rows.flatMap((row) =>
      [...row.answers].map(([questionId, entry]) => ({ responseId: row.id, questionId, ...toStoredAnswer(entry.answer), answeredAt: entry.at })),
    );
    const schools = rows.flatMap((row) => (row.completedAt ? row.schoolIds.map((schoolId) => ({ responseId: row.id, schoolId })) : []));
    const used = rows.filter((row) => row.respondent.kind === "code" && row.codeUsedAt);
    const { prisma } = this;
    await prisma.$transaction([
      prisma.response.createMany({
        data: rows.map((row) => ({
          id: row.id,
          campaignId: row.campaignId,
          personId: row.respondent.kind === "person" ? row.respondent.personId : null,
          classCodeId: row.respondent.kind === "code" ? row.respondent.classCodeId : null,
          source: row.source,
          cursor: row.cursor,
          startedAt: row.startedAt,
          updatedAt: row.updatedAt,
          completedAt: row.completedAt,
        })),
      }),
      // The answers as one multi-row INSERT per chunk: Prisma's createMany spends ~1 ms per row here, and the
      // demo writes ~10 000 (values are ours: ids, question ids and numbers; texts quoted).
      ...chunk(answers, 2000).map((part) =>
        prisma.$executeRawUnsafe(
          `INSERT INTO "Answer" ("id", "responseId", "questionId", "kind", "value", "ints", "num", "text", "answeredAt") VALUES ${part
            .map(
              (row) =>
                `('${newId()}', '${safeId(row.responseId)}', ${quote(row.questionId)}, ${quote(row.kind)}, ${sqlNumber(row.value)}, ` +
                `'{${row.ints.map((value) => sqlNumber(value)).join(",")}}', ${sqlNumber(row.num)}, ${row.text === null ? "NULL" : quote(row.text)}, '${row.answeredAt.toISOString()}')`,
            )
            .join(", ")}`,
        ),
      ),
      ...(schools.length ? [prisma.responseSchool.createMany({ data: schools, skipDuplicates: true })] : []),
      // One statement for every used code (ids are ours: cuid letters and digits; times are ISO in UTC).
      ...chunk(used, 1000).map((part) =>
        prisma.$executeRawUnsafe(
          `UPDATE "ClassCode" AS c SET "usedAt" = v.t::timestamp(3) FROM (VALUES ${part
            .map((row) => `('${safeId((row.respondent as { classCodeId: string }).classCodeId)}', '${row.codeUsedAt!.toISOString()}')`)
            .join(", ")}) AS v(id, t) WHERE c.id = v.id`,
        ),
      ),
    ]);
    return rows.length;
  }
}

/** A string literal (standard_conforming_strings: only the quote is doubled). */
const quote = (value: string) => `'${value.replaceAll("'", "''")}'`;

function sqlNumber(value: number | null): string {
  if (value === null) return "NULL";
  if (!Number.isFinite(value)) throw new Error(`unexpected number ${value}`);
  return String(value);
}

function safeId(id: string): string {
  if (!/^[a-z0-9]+$/.test(id)) throw new Error(`unexpected id ${id}`);
  return id;
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}

/** A clock the demo moves: each answer is given at its own time. */
class DemoClock implements Clock {
  constructor(private at: Date) {}
  now() {
    return this.at;
  }
  set(at: Date) {
    this.at = at;
  }
}

// ---------------------------------------------------------------- people as the use cases see them

/** Every member of the district as PersonView, from one query (the same fields the repository's getPerson gives). */
export async function demoPeople(prisma: PrismaClient, districtId: string): Promise<Map<string, PersonView>> {
  const rows = await prisma.membership.findMany({
    where: { districtId },
    include: { person: { select: { id: true, displayName: true, consentAt: true } }, district: { select: { name: true, timezone: true } }, school: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  });
  const people = new Map<string, PersonView>();
  for (const row of rows) {
    let person = people.get(row.personId);
    if (!person) {
      person = { id: row.person.id, displayName: row.person.displayName, consentAt: row.person.consentAt, memberships: [] };
      people.set(row.personId, person);
    }
    const membership: MembershipDetail = {
      id: row.id,
      role: row.role as MembershipDetail["role"],
      districtId: row.districtId,
      schoolId: row.schoolId,
      active: row.active,
      districtName: row.district.name,
      districtTimezone: row.district.timezone,
      schoolName: row.school?.name ?? null,
    };
    person.memberships.push(membership);
  }
  return people;
}

// ---------------------------------------------------------------- the teacher diagnostic (open, version 2)

export interface TeacherPlan {
  personId: string;
  schoolIds: string[];
  level: number;
  areaBias: Record<string, number>;
  /** Questions answered: all of them = completed. */
  answered: number;
}

export interface DemoRandom {
  random: () => number;
  uniform: (min: number, max: number) => number;
  normal: (sd: number) => number;
}

/**
 * When the live diagnostic opened: 20 days before `now`, but within the current school year (from 1 August), so
 * that this year's profile has it; early in a school year, halfway between its start and now.
 */
export function liveOpensAt(now: Date, timezone: string): Date {
  const yearStart = schoolYearWindow(schoolYearOf(now, timezone), timezone).from.getTime();
  return new Date(Math.max(now.getTime() - 20 * DAY_MS, yearStart + (now.getTime() - yearStart) / 2));
}

/** The instrument the demo's live diagnostic runs: version 2 carries the risk profile's teacher questions. */
export const DEMO_DIAGNOSTIC = teacherDiagnosticV2;

function campaignContext(prisma: PrismaClient, clock: Clock): CampaignContext {
  return {
    admin: new PrismaAdminRepository(prisma),
    repo: new PrismaRepository(prisma),
    clock,
    randomBytes: (size) => cryptoRandomBytes(size),
    ident: identificationParts(prisma).ident,
  };
}

/**
 * Opens the district's teacher diagnostic (version 2, every teacher, reminded daily) 20 days before `now` for 30
 * days, and has the teachers answer it in chat, one press at a time (answerQuestion), as the plans say.
 */
export async function runTeacherDiagnostic(
  prisma: PrismaClient,
  input: { districtId: string; now: Date; teachers: TeacherPlan[]; draw: DemoRandom },
): Promise<{ campaign: { id: string; title: string; closesAt: Date }; answers: number; completedIds: Set<string> }> {
  const { now, draw } = input;
  // Version 2 is a draft listed after version 1 in the catalog: stored once, then picked by its number.
  await ensureInstrument(prisma, teacherDiagnosticV2);
  const people = await demoPeople(prisma, input.districtId);
  const timezone = [...people.values()][0]!.memberships[0]!.districtTimezone;
  const opensAt = liveOpensAt(now, timezone);
  const clock = new DemoClock(opensAt);
  const opened = await openCampaign(campaignContext(prisma, clock), null, {
    district: input.districtId,
    instrumentKey: TEACHER_DIAGNOSTIC_KEY,
    instrumentVersion: DEMO_DIAGNOSTIC.version,
    title: "Диагностика профессиональных дефицитов педагогов",
    days: 30,
    remindEveryDays: 1,
  });
  const store = new BufferedSurveyStore(prisma);
  const deps: SurveyServiceDeps = { surveys: { store }, clock };
  const questions = DEMO_DIAGNOSTIC.questions;
  let answers = 0;
  const completedIds = new Set<string>();
  for (const teacher of input.teachers) {
    if (teacher.answered === 0) continue;
    const who: SurveyWho = { kind: "person", person: people.get(teacher.personId)! };
    // School tendency + teacher level + teacher-by-area + per-question noise on a 1..4 scale.
    const teacherArea = Object.fromEntries(DEMO_DIAGNOSTIC.areas.map((area) => [area.id, draw.normal(0.3)]));
    // Started 0.5..19.5 days ago (of 20), pressed into the days there are early in a school year.
    let at = now.getTime() - (draw.uniform(0.5, 19.5) / 20) * (now.getTime() - opensAt.getTime());
    for (const question of questions.slice(0, teacher.answered)) {
      const latent = 3.25 + teacher.level + (teacher.areaBias[question.areaId] ?? 0) + teacherArea[question.areaId]! + draw.normal(0.45);
      const agreement = Math.min(4, Math.max(1, Math.round(latent)));
      at += draw.uniform(8, 40) * 1000;
      clock.set(new Date(at));
      // Reverse statements ("I often feel exhausted"): a confident teacher disagrees.
      const step = await answerQuestion(deps, opened.id, who, question.id, { kind: "int", value: question.reverse ? 5 - agreement : agreement }, "chat");
      if (step.kind === "problem" || step.kind === "closed" || step.kind === "not_in_audience") {
        throw new Error(`demo diagnostic: ${step.kind} at ${question.id}`);
      }
      answers++;
    }
    if (teacher.answered === questions.length) completedIds.add(teacher.personId);
  }
  await store.flush();
  return { campaign: { id: opened.id, title: opened.title, closesAt: opened.closesAt }, answers, completedIds };
}

// ---------------------------------------------------------------- the closed campaigns of this school year

/** What the demo knows of a school (prisma/demo-data.ts SCHOOLS). */
export interface DemoSchoolInput {
  id: string;
  name: string;
  village: boolean;
  level: number;
  /** Teachers with a membership here. */
  teachers: number;
  ident: {
    results: [number, number, number];
    social: number;
    students: number;
    deficits?: string[];
    officialShnor?: true;
    curator?: true;
  };
}

export interface DemoInstrumentsInput {
  districtId: string;
  now: Date;
  schools: DemoSchoolInput[];
  staffPersonId: string;
  /** The school whose parents and students answered fewer than the minimum (a hidden figure shows). */
  fewRespondentsSchoolId: string;
  draw: DemoRandom;
  progress: (line: string) => void;
  /**
   * Teachers who have opened their route (the use case builds it then): the ones offered at sign-in first, who have
   * also done part of it, then others.
   */
  routeTeachers: { shown: string[]; others: string[] };
}

export interface DemoInstruments {
  year: number;
  campaigns: { card: string; parent: string; student: string };
  cards: number;
  parents: Record<string, number>;
  students: Record<string, number>;
  codesIssued: number;
  profiles: number;
  courses: number;
  routes: number;
  /** Route items marked done (by the teachers offered at sign-in). */
  itemsDone: number;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const int = (value: number): AnswerValue => ({ kind: "int", value });
const num = (value: number): AnswerValue => ({ kind: "number", value });
const yes = (flag: boolean): AnswerValue => ({ kind: "int", value: flag ? YES : NO });
const text = (value: string): AnswerValue => ({ kind: "text", value });
const ints = (values: number[]): AnswerValue => ({ kind: "ints", values: [...new Set(values)].sort((a, b) => a - b) });
const UNSURE: AnswerValue = { kind: "unsure" };

/** A weak school by its files: falling or low results, deprived, or on the region's list. */
const isWeak = (school: DemoSchoolInput) =>
  school.ident.officialShnor === true || school.ident.results[2] < -0.3 || school.ident.social < -0.3 || (school.ident.deficits?.length ?? 0) >= 3;
const isBasic = (school: DemoSchoolInput) => school.name.includes("ООШ");

/** A value on the 1..4 scale around `mean`. */
const scale = (draw: DemoRandom, mean: number, sd = 0.75) => clamp(Math.round(mean + draw.normal(sd)), 1, 4);

const DIFFICULTIES = [
  "Не хватает учителей математики и физики, уроки ведут совместители.",
  "Высокая нагрузка на молодых специалистов; нет логопеда.",
  "Нестабильный интернет: онлайн-уроки и ВПР в компьютерной форме срываются.",
  "Много обучающихся из семей в трудной ситуации, слабая связь с родителями.",
  "Здание требует капитального ремонта, часть кабинетов закрыта.",
];

/** The head's self-analysis card: figures of the school as its files and its type make them believable. */
export function demoCardAnswers(school: DemoSchoolInput, draw: DemoRandom): Record<string, AnswerValue> {
  const { ident } = school;
  const deficits = new Set(ident.deficits ?? []);
  const q = ident.social;
  const students = Math.max(20, Math.round(ident.students * (1 + draw.normal(0.01))));
  const share = (typical: number, perLevel: number) => Math.max(0, Math.round(students * Math.max(0.002, (typical - perLevel * q) * (1 + draw.normal(0.08)))));
  const answers: Record<string, AnswerValue> = {};
  answers.students_total = num(students);
  answers.textbooks_full = num(Math.min(students, Math.round(students * clamp(0.97 + 0.03 * q + draw.normal(0.01), 0.8, 1))));
  const per100 = deficits.has("computerDeficit") ? 2.5 : school.village ? 7 + 2 * q : 11 + 2 * q;
  answers.computers = num(Math.max(2, Math.round((students * per100) / 100 + draw.normal(1))));
  answers.internet = int(deficits.has("internetDeficit") ? 1 : school.village ? (q < -0.5 ? 2 : 3) : 4);
  const building = deficits.has("infrastructureDeficit") || (isWeak(school) && q < -0.9);
  answers.building_deficits = yes(building);
  if (building) answers.building_which = ints(deficits.has("infrastructureDeficit") ? [1, 5] : [1]);
  const classrooms = Math.max(6, Math.round(students / 24 + 5));
  answers.classrooms_total = num(classrooms);
  answers.classrooms_repair = num(Math.round(classrooms * clamp((building ? 0.35 : isWeak(school) ? 0.18 : 0.07) + draw.normal(0.03), 0, 0.6)));
  const positions = Math.round(school.teachers * 1.2 * 2) / 2 + (isBasic(school) ? 1 : 3);
  answers.teacher_positions = num(positions);
  answers.teacher_vacancies = num(Math.round(positions * (deficits.has("unfilledPosts") ? clamp(0.13 + draw.normal(0.03), 0.08, 0.25) : 0.02) * 2) / 2);
  answers.teachers_total = num(school.teachers);
  answers.teachers_young = num(Math.round(school.teachers * clamp(0.1 + draw.normal(0.04), 0, 0.3)));
  answers.teachers_retired = num(Math.round(school.teachers * clamp((school.village ? 0.3 : 0.2) + draw.normal(0.05), 0.05, 0.5)));
  answers.has_psychologist = yes(!isBasic(school) || q > 0);
  answers.has_speech_therapist = yes(!school.village || (q > 0.3 && !isBasic(school)));
  answers.has_social_pedagogue = yes(!isBasic(school) || q > -1);
  const support = Math.round((students / 35 + 4) * 2) / 2;
  answers.support_positions = num(support);
  answers.support_vacancies = num(Math.round(support * (deficits.has("unfilledPosts") ? 0.15 : 0.03) * 2) / 2);
  answers.students_ovz = num(share(0.06, 0.01));
  const language = share(0.035, 0.02);
  answers.language_any = yes(language > 0);
  if (language > 0) {
    answers.lang_either = num(language);
    answers.lang_not_everyday = num(Math.round(language * 0.4));
    answers.lang_support = num(Math.round(language * clamp(0.6 + 0.2 * q, 0.1, 1)));
  }
  const groups = {
    sp_low_income: share(0.12, 0.06),
    sp_no_higher_ed: share(0.36, 0.16),
    sp_unemployed: share(0.09, 0.04),
    sp_guardianship: share(0.015, 0.005),
    sp_inschool_register: share(0.035, 0.016),
    sp_police_register: share(0.014, 0.008),
    sp_sop: share(0.01, 0.006),
  };
  for (const [id, count] of Object.entries(groups)) answers[id] = num(count);
  answers.sp_large_family = num(share(0.15, 0.03));
  answers.sp_single_parent = num(share(0.18, 0.03));
  answers.sp_disabled = num(share(0.02, 0));
  const counts = Object.values(groups);
  const largest = Math.max(...counts);
  // Each student once: the largest group and part of the others (families are often in several groups).
  answers.sp_any_risk = num(Math.min(students, Math.round(largest + 0.35 * (counts.reduce((a, b) => a + b, 0) - largest))));
  const listed = ident.officialShnor === true || isWeak(school);
  answers.programme_status = int(listed ? 3 : ident.results[2] > 0.4 ? 4 : 2);
  if (listed) answers.programme_on_plan = int(q < -0.9 ? 1 : 2);
  answers.has_curator = yes(listed);
  if (listed) answers.main_difficulties = text(DIFFICULTIES[Math.floor(draw.random() * DIFFICULTIES.length)]!);
  return answers;
}

/** A school's climate as parents and students feel it: its results and its families. */
const climateOf = (school: DemoSchoolInput) => 0.6 * school.ident.results[2] + 0.4 * school.ident.social;

const PARENT_COMMENTS = [
  "Больше дополнительных занятий перед ВПР и ОГЭ.",
  "Чаще сообщать родителям о трудностях ребёнка, не только на собраниях.",
  "Нужен постоянный учитель математики.",
  "Кружки и секции после уроков.",
];

export function demoParentAnswers(school: DemoSchoolInput, draw: DemoRandom): Record<string, AnswerValue> {
  const climate = climateOf(school);
  const q = school.ident.social;
  const answers: Record<string, AnswerValue> = {};
  answers.p_interest = int(scale(draw, 3 + 0.35 * q));
  answers.p_diary = int(scale(draw, 2.9 + 0.35 * q));
  answers.p_support = int(scale(draw, 2.9 + 0.4 * q, 0.8));
  answers.p_meetings = draw.random() < 0.04 ? int(5) : int(scale(draw, 2.9 + 0.45 * q, 0.85));
  answers.p_contact = draw.random() < 0.06 ? UNSURE : int(scale(draw, 3.2 + 0.2 * climate));
  answers.p_teaching = draw.random() < 0.06 ? UNSURE : int(scale(draw, 3 + 0.4 * climate));
  const dissatisfied = draw.random() < clamp(0.22 - 0.14 * climate, 0.05, 0.6);
  answers.p_dissatisfied = draw.random() < 0.05 ? UNSURE : yes(dissatisfied);
  if (answers.p_dissatisfied.kind === "int" && dissatisfied) {
    answers.p_subjects = ints([draw.random() < 0.6 ? 3 : 1, ...(draw.random() < 0.4 ? [draw.random() < 0.5 ? 4 : 7] : [])]);
    answers.p_why = ints([draw.random() < 0.5 ? 1 : 4, ...(draw.random() < 0.3 ? [2] : [])]);
  }
  answers.p_vpr = draw.random() < 0.08 ? UNSURE : int(scale(draw, 3 + 0.2 * q));
  answers.p_results = draw.random() < 0.1 ? UNSURE : int(scale(draw, 2.7 + 0.3 * climate));
  if (draw.random() < 0.12) answers.p_comment = text(PARENT_COMMENTS[Math.floor(draw.random() * PARENT_COMMENTS.length)]!);
  return answers;
}

const STUDENT_COMMENTS = ["Больше кружков и спортивных секций.", "Чтобы на уроках не шумели.", "Новые компьютеры в кабинете информатики.", "Меньше домашних заданий на выходные."];

export function demoStudentAnswers(school: DemoSchoolInput, draw: DemoRandom): Record<string, AnswerValue> {
  const climate = climateOf(school);
  const own = draw.normal(0.45);
  const answers: Record<string, AnswerValue> = {};
  answers.s_grade_band = int(isBasic(school) ? (draw.random() < 0.45 ? 1 : 2) : 1 + Math.floor(draw.random() * 3));
  const motivation = 2.85 + 0.3 * climate + own;
  answers.s_mot_interest = int(scale(draw, motivation));
  answers.s_mot_effort = int(scale(draw, motivation + 0.1));
  answers.s_mot_future = int(scale(draw, motivation + 0.15));
  // A reverse statement: a motivated student disagrees.
  answers.s_mot_forced = int(5 - scale(draw, motivation));
  answers.s_individual = draw.random() < 0.07 ? UNSURE : int(scale(draw, 2.7 + 0.35 * climate));
  answers.s_explain = draw.random() < 0.05 ? UNSURE : int(scale(draw, 3.1 + 0.3 * climate));
  const often = (share: number) => (draw.random() < share ? (draw.random() < 0.4 ? 4 : 3) : draw.random() < 0.35 ? 2 : 1);
  answers.s_bullying = draw.random() < 0.05 ? UNSURE : int(often(clamp(0.1 - 0.07 * climate, 0.03, 0.35)));
  answers.s_safe = draw.random() < 0.05 ? UNSURE : int(scale(draw, 3.2 + 0.3 * climate));
  answers.s_adult = draw.random() < 0.06 ? UNSURE : yes(draw.random() < clamp(0.85 + 0.05 * climate, 0.6, 0.97));
  answers.s_unfair = draw.random() < 0.05 ? UNSURE : int(often(clamp(0.08 - 0.05 * climate, 0.02, 0.3)));
  answers.s_grades_fair = draw.random() < 0.05 ? UNSURE : int(scale(draw, 3 + 0.3 * climate));
  answers.s_noise = draw.random() < 0.04 ? UNSURE : int(scale(draw, 2.2 - 0.45 * climate));
  answers.s_rules = draw.random() < 0.05 ? UNSURE : int(scale(draw, 2.9 + 0.35 * climate));
  if (draw.random() < 0.85) answers.s_like = ints([2, ...(draw.random() < 0.5 ? [4] : []), ...(draw.random() < 0.35 ? [1] : []), ...(draw.random() < 0.25 ? [3] : [])].slice(0, 3));
  if (draw.random() < 0.1) answers.s_comment = text(STUDENT_COMMENTS[Math.floor(draw.random() * STUDENT_COMMENTS.length)]!);
  return answers;
}

/** Two classes asked per school and audience: parents of younger pupils and of a graduating grade; students of 7 and 9 (8 and 10). */
const classesOf = (school: DemoSchoolInput, audience: "parent" | "student") =>
  audience === "parent" ? (isBasic(school) ? ["4", "9"] : ["5А", "9А"]) : isBasic(school) ? ["7", "9"] : ["8А", "10А"];

/** Pupils of one class: the school's students spread over eleven grades (two classes a grade in a large school). */
const classSize = (school: DemoSchoolInput) => clamp(Math.round(school.ident.students / (11 * (school.ident.students > 500 ? 2 : 1))), 6, 25);

/**
 * The campaigns of this school year that are over: the heads' cards, the parents' and the students' surveys, each
 * opened and closed by the campaign use cases, answered through the survey use cases; then the risk profile of
 * every school, the course catalog and the routes of the teachers who completed the diagnostic.
 */
export async function addDemoInstruments(prisma: PrismaClient, input: DemoInstrumentsInput): Promise<DemoInstruments> {
  const { now, draw, districtId } = input;
  const clock = new DemoClock(now);
  const campaigns = campaignContext(prisma, clock);
  const store = new BufferedSurveyStore(prisma);
  const surveys: SurveysContext = { ...surveysContext(prisma), store };
  const deps: SurveyServiceDeps = { surveys, clock };
  const people = await demoPeople(prisma, districtId);
  const staff = people.get(input.staffPersonId)!;
  const timezone = staff.memberships[0]!.districtTimezone;

  // Dates: within this school year and before the live diagnostic (opened 20 days ago). Early in a school
  // year the earlier campaigns are pressed into the days there are.
  const year = schoolYearOf(now, timezone);
  const yearStart = schoolYearWindow(year, timezone).from.getTime();
  const liveOpened = liveOpensAt(now, timezone).getTime();
  // 90..39 days before now when there is room; else pressed between the year's start and the live diagnostic.
  const room = Math.min(1, (liveOpened - yearStart) / (72 * DAY_MS));
  const daysBefore = (days: number) => new Date(liveOpened - ((days - 18) / 72) * room * 72 * DAY_MS);

  const plan = [
    { key: "card", instrument: schoolCardV1, opens: daysBefore(90), closes: daysBefore(62) },
    { key: "parent", instrument: parentSurveyV1, opens: daysBefore(60), closes: daysBefore(39) },
    { key: "student", instrument: studentSurveyV1, opens: daysBefore(60), closes: daysBefore(39) },
  ] as const;
  const ids = {} as Record<(typeof plan)[number]["key"], string>;
  for (const entry of plan) {
    clock.set(entry.opens);
    // A day longer than it ran: the district closes it (closeCampaign) when enough have answered.
    const days = Math.max(1, Math.ceil((entry.closes.getTime() - entry.opens.getTime()) / DAY_MS)) + 1;
    const opened = await openCampaign(campaigns, null, {
      district: districtId,
      instrumentKey: entry.instrument.key,
      instrumentVersion: entry.instrument.version,
      days,
      remindEveryDays: entry.key === "card" ? 3 : 0,
    });
    ids[entry.key] = opened.id;
  }
  const during = (entry: (typeof plan)[number]) => {
    const span = entry.closes.getTime() - entry.opens.getTime();
    return new Date(entry.opens.getTime() + span * (0.05 + 0.9 * draw.random()));
  };

  // The heads fill in their cards in the Mini App.
  const cardPlan = plan[0];
  let cards = 0;
  for (const school of input.schools) {
    const head = [...people.values()].find((person) => person.memberships.some((m) => m.role === "head" && m.schoolId === school.id));
    if (!head) continue;
    clock.set(during(cardPlan));
    const saved = await saveAnswers(deps, ids.card, { kind: "person", person: head }, demoCardAnswers(school, draw), "app", true);
    if (Object.keys(saved.problems).length || saved.view.kind !== "complete") {
      throw new Error(`demo card of ${school.name}: ${JSON.stringify(saved.problems)} ${saved.view.kind}`);
    }
    cards++;
  }

  // Parents and students: class codes issued by the district, answered on the plain web page.
  let codesIssued = 0;
  const answered: Record<"parent" | "student", Record<string, number>> = { parent: {}, student: {} };
  for (const entry of [plan[1], plan[2]]) {
    const audience = entry.key === "parent" ? "parent" : "student";
    for (const school of input.schools) {
      clock.set(new Date(entry.opens.getTime() + DAY_MS / 4));
      const labels = classesOf(school, audience);
      const size = classSize(school);
      const issued = await issueClassCodes(
        { surveys, repo: campaigns.repo, clock, randomBytes: campaigns.randomBytes },
        staff,
        ids[entry.key],
        school.id,
        labels.map((label) => ({ label, count: size })),
      );
      codesIssued += labels.length * size;
      const rows = await prisma.classCode.findMany({ where: { campaignId: ids[entry.key], schoolId: school.id }, select: { id: true, codeHash: true } });
      const idByHash = new Map(rows.map((row) => [row.codeHash, row.id]));
      // Most classes answer well; the school with few respondents returns only a handful of codes.
      const few = school.id === input.fewRespondentsSchoolId;
      const share = clamp((audience === "parent" ? 0.5 : 0.7) + 0.1 * climateOf(school) + draw.normal(0.08), 0.3, 0.95);
      let used = 0;
      for (const [index, { codes }] of issued.classes.entries()) {
        const take = few ? (index === 0 ? (audience === "parent" ? 3 : 4) : 0) : Math.max(3, Math.round(codes.length * share));
        for (const code of codes.slice(0, take)) {
          const classCodeId = idByHash.get(await hashClassCode(code));
          if (!classCodeId) throw new Error("demo: issued class code not stored");
          clock.set(during(entry));
          const who: SurveyWho = { kind: "code", classCodeId, schoolId: school.id };
          const answers = audience === "parent" ? demoParentAnswers(school, draw) : demoStudentAnswers(school, draw);
          const saved = await saveAnswers(deps, ids[entry.key], who, answers, "web", true);
          if (Object.keys(saved.problems).length || saved.view.kind !== "complete") {
            throw new Error(`demo ${audience} survey: ${JSON.stringify(saved.problems)} ${saved.view.kind}`);
          }
          used++;
        }
      }
      answered[audience][school.id] = used;
    }
  }
  await store.flush();

  // The district closes them when their time is over.
  for (const entry of plan) {
    clock.set(entry.closes);
    await closeCampaign(campaigns, null, { campaign: ids[entry.key] });
  }
  store.forgetCampaigns();
  const parentsTotal = Object.values(answered.parent).reduce((a, b) => a + b, 0);
  const studentsTotal = Object.values(answered.student).reduce((a, b) => a + b, 0);
  input.progress(
    `Закрытые опросы ${year - 1}/${String(year).slice(2)} уч. года: карты самоанализа ${cards}, родители ${parentsTotal}, обучающиеся ${studentsTotal} ` +
      `(анонимно, по ${codesIssued} кодам классов)`,
  );

  // Risk profiles of every school for the current school year.
  clock.set(now);
  const riskCtx: RiskContext = {
    repo: campaigns.repo,
    admin: campaigns.admin,
    surveys,
    clock,
    settings: { minRespondents: DEFAULT_METHODOLOGY.minRespondents, pronouncedDeficit: DEFAULT_METHODOLOGY.pronouncedDeficit },
  };
  const district = await recomputeDistrict(riskCtx, null, { districtId });
  const profiles = district.schools.filter((school) => school.profile).length;
  const fixed = district.schools.map((school) => school.profile?.fixed ?? 0);
  input.progress(`Профили рисков: ${profiles} из ${district.schools.length} школ; зафиксированных рисков в школе — от ${Math.min(...fixed)} до ${Math.max(...fixed)}`);

  // The course catalog and the routes of the teachers who completed the diagnostic.
  const latestRun = memoize(identificationParts(prisma).ident);
  const routesDeps: RoutesDeps = { repo: campaigns.repo, clock, settings: DEFAULT_METHODOLOGY, surveys, ident: latestRun };
  const courses = demoCourses(now);
  await importCourses(routesDeps, null, districtId, courses);
  let routes = 0;
  let itemsDone = 0;
  for (const personId of [...input.routeTeachers.shown, ...input.routeTeachers.others]) {
    const person = people.get(personId);
    if (!person) continue;
    const route = await myRoute(routesDeps, person);
    if (!route) continue;
    routes++;
    if (!input.routeTeachers.shown.includes(personId)) continue;
    // Done two days ago: the first course, and for the first teacher also the first seminar.
    clock.set(new Date(now.getTime() - 2 * DAY_MS));
    const first = input.routeTeachers.shown.indexOf(personId) === 0;
    for (const item of [route.route.items.find((entry) => entry.kind === "course"), first ? route.route.items.find((entry) => entry.kind === "seminar") : undefined]) {
      if (!item) continue;
      await markItemDone(routesDeps, person, item.id, null);
      itemsDone++;
    }
    clock.set(now);
  }
  input.progress(`Каталог курсов: ${courses.length}; индивидуальные маршруты педагогов: ${routes} (пунктов выполнено: ${itemsDone})`);

  return {
    year,
    campaigns: ids,
    cards,
    parents: answered.parent,
    students: answered.student,
    codesIssued,
    profiles,
    courses: courses.length,
    routes,
    itemsDone,
  };
}

/** The identification run read once for all routes (the routes use case asks for it per teacher). */
function memoize(ident: Pick<NonNullable<RoutesDeps["ident"]>, "latestRun">): Pick<NonNullable<RoutesDeps["ident"]>, "latestRun"> {
  const runs = new Map<string, ReturnType<typeof ident.latestRun>>();
  return {
    latestRun: (districtId, year) => {
      const key = `${districtId}:${year ?? ""}`;
      if (!runs.has(key)) runs.set(key, ident.latestRun(districtId, year));
      return runs.get(key)!;
    },
  };
}

// ---------------------------------------------------------------- the course catalog

const PROVIDER = "ИРО (демо)";

/** Believable courses of a regional institute (made up, marked as a demo), over the diagnostic's areas. */
export function demoCourses(now: Date): CourseInput[] {
  const day = (weeks: number) => {
    const at = new Date(now.getTime() + weeks * 7 * DAY_MS);
    return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  };
  const course = (title: string, hours: number, areas: string[], fromWeek: number, weeks: number): CourseInput => ({
    title,
    provider: PROVIDER,
    hours,
    areas,
    startsOn: day(fromWeek),
    endsOn: day(fromWeek + weeks),
    url: null,
  });
  return [
    course("Обновлённые ФГОС ООО и СОО: рабочая программа и планируемые результаты", 36, ["fgos"], 1, 3),
    course("Критериальное оценивание: ВПР, ОГЭ и типичные ошибки обучающихся", 36, ["assessment"], 2, 4),
    course("Анализ результатов оценочных процедур и коррекция рабочей программы", 24, ["data_use", "assessment"], 5, 3),
    course("Формирование функциональной грамотности на уроках: задания в формате PISA", 72, ["literacy"], 1, 8),
    course("Читательская грамотность в основной школе", 36, ["literacy"], 9, 4),
    course("Работа с обучающимися с риском учебной неуспешности", 36, ["at_risk"], 3, 4),
    course("Инклюзивное образование: обучающиеся с ОВЗ в общеобразовательном классе", 72, ["disabilities"], 2, 8),
    course("Русский язык как неродной: методика работы с детьми-билингвами", 36, ["bilingual"], 4, 4),
    course("Цифровые образовательные ресурсы и ФГИС «Моя школа» на уроке", 24, ["technology"], 1, 2),
    course("Проектная и исследовательская деятельность: современные педагогические технологии", 36, ["technology", "fgos"], 6, 4),
    course("Профилактика профессионального выгорания педагогов", 18, ["wellbeing"], 2, 2),
    course("Управление классом: учебная мотивация и дисциплина на уроке", 24, ["classroom", "at_risk"], 3, 3),
    course("Управление школой с низкими результатами: программа повышения качества образования", 72, ["management"], 4, 8),
  ];
}

