// Moves a district from the embedded PGlite to PostgreSQL (README: «Переход на PostgreSQL»):
// copies every table in foreign-key order inside one transaction on the target.
import type { PrismaClient } from "./db.ts";

/** Parents before children, so foreign keys hold at every insert. */
export const COPY_ORDER = [
  "district",
  "school",
  "person",
  "account",
  "membership",
  "invite",
  "inviteRedemption",
  "linkCode",
  "instrument",
  "campaign",
  // Instruments (#13): class codes before the anonymous responses that point at them.
  "classCode",
  "surveyLink",
  "anonymousSession",
  "response",
  "answer",
  // Release rules: which schools each completed response counts for, and the released figures.
  "responseSchool",
  "aggregateRelease",
  // Identification (#12): imported data, official lists, methodology versions, runs, flags, uploads.
  "identificationData",
  "officialList",
  "officialListSchool",
  "identificationMethodology",
  "identificationRun",
  "schoolCuratorFlags",
  "pendingUpload",
  // Risk profile, course catalog, routes (ИОМ), teacher attributes, baseline mappings (#13).
  "riskSettingsVersion",
  "riskProfileSnapshot",
  "course",
  "learningRoute",
  "routeItem",
  "teacherAttributes",
  "responseMapping",
  // Management loop (#14): rules, recommendations, roadmaps and their events, decisions, calendar,
  // broadcasts (before the Outbox rows that deliver them), working groups, reports.
  "recommendationRuleSet",
  "recommendation",
  "roadmap",
  "roadmapEvent",
  "roadmapExecutor",
  "eventEvidence",
  "eventLogEntry",
  "managementDecision",
  "decisionRecommendation",
  "calendarEntry",
  "broadcast",
  "workingGroup",
  "effectivenessReport",
  // The network around the schools (#15): assignments and pairs, visits, requests, programmes of
  // seminars and their events (before requests and registrations that point at them), the library,
  // school and municipal programmes with reviews, monitorings and log, meetings, counts, the reserve.
  "assignment",
  "schoolPair",
  "visit",
  "seminarProgramme",
  "networkEvent",
  "seminarRequest",
  "eventRegistration",
  "libraryItem",
  "programme",
  "programmeReview",
  "programmeMonitoring",
  "programmeLogEntry",
  "workingGroupMeeting",
  "atRiskCount",
  "reserveCandidate",
  "outbox",
  "jobRun",
  // The audit log (#16) keeps its history across the move.
  "auditEntry",
] as const;

type Delegate = {
  count(): Promise<number>;
  findMany(args?: object): Promise<Record<string, unknown>[]>;
  createMany(args: { data: Record<string, unknown>[] }): Promise<{ count: number }>;
};
const delegate = (prisma: PrismaClient | object, model: string) => (prisma as Record<string, Delegate>)[model]!;

/** Nullable JSON columns (Outbox.payload, PendingUpload.official, Campaign.audience) must be left out rather than given a plain null. */
const NULLABLE_JSON = ["payload", "official", "audience", "basis", "conclusions"];
const withoutNullJson = (row: Record<string, unknown>) => {
  const copy = { ...row };
  for (const column of NULLABLE_JSON) if (copy[column] === null) delete copy[column];
  return copy;
};

export async function copyDatabase(
  source: PrismaClient,
  target: PrismaClient,
  onProgress: (table: string, rows: number) => void = () => undefined,
): Promise<Record<string, number>> {
  for (const model of COPY_ORDER) {
    const existing = await delegate(target, model).count();
    if (existing > 0) {
      throw new Error(`Целевая база не пуста: в таблице ${model} уже ${existing} строк. Перенос делается в новую пустую базу.`);
    }
  }
  const copied: Record<string, number> = {};
  await target.$transaction(
    async (tx) => {
      for (const model of COPY_ORDER) {
        const rows = await delegate(source, model).findMany();
        // Completed responses just copied made the trigger record their schools from today's
        // memberships; the source's rows (schools at completion) are the truth.
        if (model === "responseSchool") await tx.responseSchool.deleteMany();
        for (let start = 0; start < rows.length; start += 1000) {
          await delegate(tx, model).createMany({ data: rows.slice(start, start + 1000).map(withoutNullJson) });
        }
        copied[model] = rows.length;
        onProgress(model, rows.length);
      }
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
  return copied;
}
