// Policies of miniapp/api/routes/programmes.ts (#15 §6), read from core/services/programmes.ts: a school's
// programme is owned by its head; district staff (and a regional operator) manage everything in the
// district; the working group reads; a school-curator's head reads the supported school's programme; an
// expert sees and reviews only what the district assigned to them; everyone else is refused.
import type { Role } from "../../core/roles.ts";
import { READERS, STAFF } from "./fixture.ts";
import type { MatrixFixture, RoutePolicy } from "./types.ts";

const passport = {
  goal: "Переход школы в эффективный режим функционирования",
  tasks: ["Повысить долю обучающихся, справившихся с ВПР"],
  termFrom: "2027-01-01",
  termTo: "2027-12-31",
  expectedResults: ["Рост качества знаний"],
  developers: ["Управленческая команда школы"],
  executors: ["Педагогический коллектив"],
};
const indicators = [{ id: "i1", name: "Доля справившихся с ВПР", unit: "%", baseline: 60, target: 75 }];
const scores = { goal_fits_risks: 2, tasks_measurable: 1, measures_realistic: 1, resources: 2, indicators: 2 };

/**
 * A programme of the fixture's school in a state; `reviewer` names an expert outside the matrix's people
 * (a methodologist created here, so no matrix identity becomes an expert of the district), and `reviewed`
 * fills that expert's review.
 */
async function programme(fixture: MatrixFixture, state: string, options: { reviewer?: boolean; reviewed?: boolean } = {}): Promise<Record<string, string>> {
  const created = await fixture.db.prisma.programme.create({
    data: {
      districtId: fixture.districtId,
      schoolId: fixture.schoolId,
      kind: "school",
      title: `Программа перехода (${state})`,
      passport,
      indicators,
      state,
      ...(state === "approved" ? { approvedAt: new Date(), approvalRef: "приказ № 1 от 01.03.2027" } : {}),
    },
  });
  if (options.reviewer) {
    const expert = await fixture.db.prisma.person.create({
      data: { displayName: "Эксперт программы", consentAt: new Date(), memberships: { create: { role: "methodologist", districtId: fixture.districtId, schoolId: null } } },
    });
    await fixture.db.prisma.programmeReview.create({
      data: {
        programmeId: created.id,
        reviewerId: expert.id,
        version: 1,
        ...(options.reviewed ? { scores: Object.fromEntries(Object.entries(scores).map(([key, score]) => [key, { score }])), verdict: "approve", submittedAt: new Date() } : {}),
      },
    });
  }
  return { programmeId: created.id };
}

/** Who reads a school's programme: the district, the working group, the school's head, the school-curator's head. */
const SCHOOL_READERS: Role[] = [...READERS, "head", "curator_head"];
/** Who edits it while it is a draft or returned, and records its monitoring once approved: the district and the owner. */
const EDITORS: Role[] = [...STAFF, "head"];

export const policy: RoutePolicy[] = [
  {
    method: "GET",
    path: "/api/districts/:districtId/programmes",
    allow: SCHOOL_READERS,
    note: "the overview for readers of the district; a head and a school-curator's head their school's; an expert what is assigned (none in the fixture)",
  },
  {
    method: "POST",
    path: "/api/districts/:districtId/programmes",
    allow: STAFF,
    body: { kind: "municipal", title: "Муниципальная программа", passport, indicators },
    note: "the municipal programme: district staff only (a head creates their own school's)",
  },
  { method: "GET", path: "/api/programmes/:programmeId", allow: SCHOOL_READERS, setup: (fixture) => programme(fixture, "draft") },
  {
    method: "PUT",
    path: "/api/programmes/:programmeId",
    allow: EDITORS,
    setup: (fixture) => programme(fixture, "draft"),
    body: { title: "Программа перехода", passport, indicators },
  },
  { method: "POST", path: "/api/programmes/:programmeId/submit", allow: ["head"], setup: (fixture) => programme(fixture, "draft"), note: "only the owner submits" },
  { method: "GET", path: "/api/programmes/:programmeId/reviewer-options", allow: STAFF, setup: (fixture) => programme(fixture, "submitted") },
  { method: "POST", path: "/api/programmes/:programmeId/reviewers", allow: STAFF, setup: (fixture) => programme(fixture, "submitted"), body: { personIds: ["cnotapersonofthedistrict"] } },
  {
    method: "PUT",
    path: "/api/programmes/:programmeId/review",
    allow: [],
    setup: (fixture) => programme(fixture, "in_review", { reviewer: true }),
    body: { scores, comment: "", verdict: "approve" },
    note: "only the expert the district named (a person outside the matrix; tests/api/programmes.test.ts proves the expert may)",
  },
  {
    method: "POST",
    path: "/api/programmes/:programmeId/return",
    allow: STAFF,
    setup: (fixture) => programme(fixture, "in_review", { reviewer: true, reviewed: true }),
    body: { note: "Уточнить показатели" },
  },
  {
    method: "POST",
    path: "/api/programmes/:programmeId/approve",
    allow: STAFF,
    setup: (fixture) => programme(fixture, "in_review", { reviewer: true, reviewed: true }),
    body: { orderNumber: "45-од", orderDate: "2027-03-15" },
  },
  {
    method: "POST",
    path: "/api/programmes/:programmeId/monitorings",
    allow: EDITORS,
    setup: (fixture) => programme(fixture, "approved"),
    body: { kind: "monitoring", period: "2027-04", values: { i1: 70 }, conclusion: "" },
  },
  { method: "POST", path: "/api/programmes/:programmeId/file", allow: EDITORS, setup: (fixture) => programme(fixture, "draft"), note: "a raw body with X-File-Name" },
  { method: "GET", path: "/api/programmes/:programmeId/file", allow: SCHOOL_READERS, setup: (fixture) => programme(fixture, "draft"), note: "404 without a file, for everyone" },
];
