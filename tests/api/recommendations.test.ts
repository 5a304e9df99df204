// Addressed recommendations in the Mini App API (#14 §1). The done-when: from a school's risk profile the district
// sends recommendations; the head acknowledges them and plans measures, which appear as roadmap tasks with
// deadlines. Every route refuses a wrong role, another district and another school.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_METHODOLOGY } from "../../core/methodology/settings.ts";
import { giveConsent, redeemInvite } from "../../core/services/onboarding.ts";
import { schoolYearOf } from "../../core/management/school-year.ts";
import { generateRecommendations } from "../../core/services/recommendations.ts";
import type { StoredRun } from "../../core/services/identification-ports.ts";
import { testManagement } from "../support/management.ts";
import { PrismaRepository } from "../../prisma/repository.ts";
import type { Database } from "../../prisma/db.ts";
import { createApp } from "../../miniapp/api/app.ts";
import { PrismaAdminRepository } from "../../prisma/admin.ts";
import { surveysContext } from "../../prisma/surveys.ts";
import { makeTestApi, signInitData } from "../support/api.ts";
import { MAX_TEST_TOKEN, TEST_TOKEN } from "../support/telegram.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";
import { addCompletedResponses, fullAnswers, openRiskCampaign, riskInstrument } from "../support/risk.ts";

const STAFF = 301;
const HEAD = 302;
const HEAD2 = 303;
const TEACHER = 304;
const METHOD = 305;
const ASSESS = 306;
const OTHER = 309;
const DAY = 86_400_000;

let db: Database;
let api: ReturnType<typeof makeTestApi>;
let districtId: string;
let otherDistrictId: string;
let school1: string;
let school2: string;
const ids: Record<number, string> = {};

async function call(method: "GET" | "POST" | "PATCH", path: string, user: number, body?: unknown) {
  const response = await api.request(path, {
    method,
    headers: { authorization: `tma ${signInitData(user)}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as any };
}

const isoIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

beforeAll(async () => {
  db = await openTestDatabase();
  const district = await makeDistrict(db);
  districtId = district.district.id;
  school1 = district.schools[0]!.id;
  school2 = district.schools[1]!.id;
  const other = await makeDistrict(db, { schools: 1 });
  otherDistrictId = other.district.id;
  const repo = new PrismaRepository(db.prisma);
  const deps = { repo, clock: { now: () => new Date() }, randomBytes: (size: number) => randomBytes(size), settings: DEFAULT_METHODOLOGY };
  const join = async (user: number, code: string) => {
    const { person } = await redeemInvite(deps, code, { channel: "telegram", externalId: String(user), chatId: String(user), firstName: `Человек ${user}` });
    await giveConsent(deps, person.id);
    ids[user] = person.id;
  };
  await join(STAFF, await district.invite("district", null));
  await join(HEAD, await district.invite("head", school1));
  await join(HEAD2, await district.invite("head", school2));
  await join(TEACHER, await district.invite("teacher", school1));
  await join(METHOD, await district.invite("methodologist", null));
  await join(ASSESS, await district.invite("assessment", null));
  await join(OTHER, await other.invite("district", null));

  // School 1's self-analysis card this school year: its risk profile has fixed factors.
  const now = Date.now();
  const card = await openRiskCampaign(db.prisma, { districtId, source: "card", opensAt: new Date(now - 5 * DAY), closesAt: new Date(now + 20 * DAY) });
  await addCompletedResponses(db.prisma, { campaignId: card, schoolId: school1, answers: [fullAnswers(riskInstrument("card"))] });
  api = makeTestApi(db);
}, 60_000);

afterAll(async () => {
  await db?.close();
});

describe("адресные рекомендации в API Mini App", () => {
  let proposals: any[];

  it("район получает предложения по рисковому профилю школы; повторная генерация их не дублирует", async () => {
    const generated = await call("POST", `/api/districts/${districtId}/recommendations/generate`, STAFF, { schoolId: school1 });
    expect(generated.status).toBe(200);
    expect(generated.body.sources.riskProfile).toBe(true);
    expect(generated.body.facts.riskFactors.length).toBeGreaterThan(0);
    proposals = generated.body.created;
    expect(proposals.length).toBeGreaterThan(0);
    for (const proposal of proposals) {
      expect(proposal.state).toBe("proposed");
      expect(proposal.ruleSetVersion).toBe(1);
      expect(proposal.basis.length).toBeGreaterThan(0);
      expect(proposal.schoolId).toBe(school1);
      expect(proposal.dueOn).toBeTruthy();
    }
    expect(proposals.some((p) => p.addressee === "head")).toBe(true);
    // The profile's fixed factors are the basis: each proposal names one of them.
    const fixed = new Set(generated.body.facts.riskFactors.map((f: any) => f.id));
    expect(proposals.every((p) => p.basis.some((b: any) => b.kind === "factor" ? fixed.has(b.key) : true))).toBe(true);

    const again = await call("POST", `/api/districts/${districtId}/recommendations/generate`, STAFF, { schoolId: school1 });
    expect(again.status).toBe(200);
    expect(again.body.created).toEqual([]);
    expect(again.body.skipped.sort()).toEqual(proposals.map((p) => p.ruleKey).sort());
  });

  it("генерация, список и правила — только район своего района", async () => {
    for (const user of [HEAD, TEACHER, METHOD, ASSESS]) {
      expect((await call("POST", `/api/districts/${districtId}/recommendations/generate`, user, { schoolId: school1 })).status).toBe(403);
      expect((await call("GET", `/api/districts/${districtId}/recommendations`, user)).status).toBe(403);
      expect((await call("GET", `/api/districts/${districtId}/recommendation-rules`, user)).status).toBe(403);
    }
    expect((await call("POST", `/api/districts/${districtId}/recommendations/generate`, OTHER, { schoolId: school1 })).status).toBe(403);
    // Staff of the other district with their own district in the path, but this district's school: not found.
    expect((await call("POST", `/api/districts/${otherDistrictId}/recommendations/generate`, OTHER, { schoolId: school1 })).status).toBe(404);
    expect((await call("GET", `/api/districts/${districtId}/recommendations`, OTHER)).status).toBe(403);
    expect((await call("POST", `/api/districts/${districtId}/recommendations/send`, OTHER, { ids: [proposals[0].id] })).status).toBe(403);
    expect((await call("POST", `/api/districts/${otherDistrictId}/recommendations/send`, OTHER, { ids: [proposals[0].id] })).status).toBe(404);
    expect((await call("PATCH", `/api/recommendations/${proposals[0].id}`, OTHER, { title: "Чужая правка" })).status).toBe(404);
    expect((await call("PATCH", `/api/recommendations/${proposals[0].id}`, HEAD, { title: "Правка руководителя" })).status).toBe(403);
    expect((await call("POST", `/api/recommendations/${proposals[0].id}/reject`, OTHER)).status).toBe(404);
    expect((await call("POST", `/api/recommendations/${proposals[0].id}/reject`, TEACHER)).status).toBe(403);
    expect((await call("POST", `/api/districts/${districtId}/recommendation-rules`, OTHER, { rules: [], note: "x" })).status).toBe(403);
  });

  it("район правит предложение, отклоняет лишнее и отправляет; адресатам уходит по одному сообщению с «✅ Получено»", async () => {
    const head = proposals.find((p) => p.addressee === "head")!;
    const edited = await call("PATCH", `/api/recommendations/${head.id}`, STAFF, { title: "Программа работы с рисками школы", dueOn: isoIn(40) });
    expect(edited.status).toBe(200);
    expect(edited.body.title).toBe("Программа работы с рисками школы");
    expect((await call("PATCH", `/api/recommendations/${head.id}`, STAFF, { dueOn: "2020-01-01" })).status).toBe(400);
    expect((await call("PATCH", `/api/recommendations/${head.id}`, STAFF, { addressee: "mayor" })).status).toBe(400);

    // One to the school-curator: school 2's head, whom the district picks.
    const toCurator = await call("PATCH", `/api/recommendations/${proposals.find((p) => p.id !== head.id)!.id}`, STAFF, { addressee: "curator" });
    expect(toCurator.status).toBe(200);
    const curatorId = toCurator.body.id;
    const unsent = await call("POST", `/api/districts/${districtId}/recommendations/send`, STAFF, { ids: [curatorId] });
    expect(unsent.status).toBe(400);
    expect(unsent.body.message).toContain("школу-куратора");
    expect((await call("PATCH", `/api/recommendations/${curatorId}`, STAFF, { curatorSchoolId: school1 })).status).toBe(400);
    expect((await call("PATCH", `/api/recommendations/${curatorId}`, STAFF, { curatorSchoolId: school2 })).status).toBe(200);

    const rest = proposals.filter((p) => p.id !== head.id && p.id !== curatorId);
    for (const p of rest) expect((await call("POST", `/api/recommendations/${p.id}/reject`, STAFF)).status).toBe(200);

    const sent = await call("POST", `/api/districts/${districtId}/recommendations/send`, STAFF, { ids: [head.id, curatorId] });
    expect(sent.status).toBe(200);
    expect(sent.body.sent).toEqual(
      expect.arrayContaining([
        { id: head.id, recipients: 1, queued: 1 },
        { id: curatorId, recipients: 1, queued: 1 },
      ]),
    );
    const rows = await db.prisma.outbox.findMany({ where: { dedupeKey: { startsWith: "rec:" } } });
    expect(rows.map((row) => [row.dedupeKey, row.personId, row.appStart]).sort()).toEqual(
      [
        [`rec:${head.id}:${ids[HEAD]}`, ids[HEAD], "recs"],
        [`rec:${curatorId}:${ids[HEAD2]}`, ids[HEAD2], "recs"],
      ].sort(),
    );
    const headRow = rows.find((row) => row.personId === ids[HEAD])!;
    expect(headRow.text).toContain("Адресная рекомендация: Программа работы с рисками школы");
    expect((headRow.payload as any).buttons).toEqual([[{ text: "✅ Получено", data: `rc:ack:${head.id}` }]]);

    // Sent once: a second send is refused and queues nothing; after sending only the deadline changes.
    expect((await call("POST", `/api/districts/${districtId}/recommendations/send`, STAFF, { ids: [head.id] })).status).toBe(400);
    expect(await db.prisma.outbox.count({ where: { dedupeKey: { startsWith: "rec:" } } })).toBe(2);
    expect((await call("PATCH", `/api/recommendations/${head.id}`, STAFF, { title: "Другое" })).status).toBe(400);
    expect((await call("POST", `/api/recommendations/${head.id}/reject`, STAFF)).status).toBe(400);
  });

  it("руководитель подтверждает получение и планирует меру — она в дорожной карте школы со сроком; район видит это", async () => {
    const mine = await call("GET", "/api/me/recommendations", HEAD);
    expect(mine.status).toBe(200);
    expect(mine.body.recommendations).toHaveLength(1);
    const rec = mine.body.recommendations[0];
    expect(rec.state).toBe("sent");

    // Not an addressee: the other head, a teacher, the institute, another district.
    for (const user of [HEAD2, TEACHER, METHOD, OTHER]) expect((await call("POST", `/api/recommendations/${rec.id}/ack`, user)).status).toBe(403);
    expect((await call("GET", "/api/me/recommendations", HEAD2)).body.recommendations.map((r: any) => r.addressee)).toEqual(["curator"]);

    const acked = await call("POST", `/api/recommendations/${rec.id}/ack`, HEAD);
    expect(acked.status).toBe(200);
    expect(acked.body.already).toBe(false);
    expect(acked.body.recommendation.state).toBe("acknowledged");
    expect((await call("POST", `/api/recommendations/${rec.id}/ack`, HEAD)).body.already).toBe(true);

    expect((await call("POST", `/api/recommendations/${rec.id}/measures`, HEAD, { title: "ок", dueOn: isoIn(10) })).status).toBe(400);
    expect((await call("POST", `/api/recommendations/${rec.id}/measures`, HEAD, { title: "Педсовет по рискам", dueOn: "2020-02-30" })).status).toBe(400);
    expect((await call("POST", `/api/recommendations/${rec.id}/measures`, HEAD2, { title: "Чужая мера", dueOn: isoIn(10) })).status).toBe(403);
    const due = isoIn(20);
    const planned = await call("POST", `/api/recommendations/${rec.id}/measures`, HEAD, { title: "Педсовет по рисковому профилю", dueOn: due });
    expect(planned.status).toBe(200);
    expect(planned.body.recommendation.state).toBe("in_work");
    expect(planned.body.roadmap.schoolId).toBe(school1);

    const event = await db.prisma.roadmapEvent.findUnique({ where: { id: planned.body.eventId }, include: { roadmap: true, executors: true } });
    expect(event!.recommendationId).toBe(rec.id);
    expect(event!.title).toBe("Педсовет по рисковому профилю");
    expect(event!.state).toBe("planned");
    expect(event!.dueOn.toISOString().slice(0, 10)).toBe(due);
    expect(event!.roadmap.schoolId).toBe(school1);
    expect(event!.roadmap.schoolYear).toBe(schoolYearOf(new Date(), "Europe/Moscow"));
    expect(event!.executors.map((e) => e.personId)).toEqual([ids[HEAD]]);

    const list = await call("GET", `/api/districts/${districtId}/recommendations?schoolId=${school1}&state=in_work`, STAFF);
    expect(list.status).toBe(200);
    expect(list.body.recommendations).toHaveLength(1);
    const tracked = list.body.recommendations[0];
    expect(tracked.acknowledgedByName).toBe("Человек 302");
    expect(tracked.issuedByName).toBe("Человек 301");
    expect(tracked.events.map((e: any) => [e.title, e.state, e.overdue])).toEqual([["Педсовет по рисковому профилю", "planned", false]]);

    // Done when the addressee marks it done.
    expect((await call("POST", `/api/recommendations/${rec.id}/done`, HEAD2)).status).toBe(403);
    const done = await call("POST", `/api/recommendations/${rec.id}/done`, HEAD);
    expect(done.body.state).toBe("done");
  });

  it("рекомендация институту: мера — в дорожной карте района; выполнена, когда выполнены все её мероприятия", async () => {
    const now = Date.now();
    const card = await openRiskCampaign(db.prisma, { districtId, source: "card", opensAt: new Date(now - 4 * DAY), closesAt: new Date(now + 20 * DAY) });
    await addCompletedResponses(db.prisma, { campaignId: card, schoolId: school2, answers: [fullAnswers(riskInstrument("card"))] });
    const generated = await call("POST", `/api/districts/${districtId}/recommendations/generate`, STAFF, { schoolId: school2 });
    expect(generated.status).toBe(200);
    const proposal = generated.body.created[0];
    expect(proposal).toBeTruthy();
    expect((await call("PATCH", `/api/recommendations/${proposal.id}`, STAFF, { addressee: "institute", form: "programme" })).status).toBe(200);
    expect((await call("POST", `/api/districts/${districtId}/recommendations/send`, STAFF, { ids: [proposal.id] })).body.sent).toEqual([{ id: proposal.id, recipients: 1, queued: 1 }]);
    // The assessment centre is not the addressee of this one.
    expect((await call("POST", `/api/recommendations/${proposal.id}/measures`, ASSESS, { title: "Чужая мера", dueOn: isoIn(30) })).status).toBe(403);
    const planned = await call("POST", `/api/recommendations/${proposal.id}/measures`, METHOD, { title: "Курсы КПК для педагогов школы", dueOn: isoIn(30) });
    expect(planned.status).toBe(200);
    expect(planned.body.roadmap.schoolId).toBeNull();
    expect(planned.body.recommendation.acknowledgedByName).toBe("Человек 305");
    await db.prisma.roadmapEvent.update({ where: { id: planned.body.eventId }, data: { state: "done", doneAt: new Date() } });
    const list = await call("GET", `/api/districts/${districtId}/recommendations?schoolId=${school2}`, STAFF);
    expect(list.body.recommendations.find((r: any) => r.id === proposal.id).state).toBe("done");
  });

  it("версии правил: встроенная 1, своя версия 2 с примечанием; ошибки — по-русски; старые версии не меняются", async () => {
    const rules = await call("GET", `/api/districts/${districtId}/recommendation-rules`, STAFF);
    expect(rules.status).toBe(200);
    expect(rules.body.version).toBe(1);
    expect(rules.body.stored).toBe(false);
    const own = rules.body.rules.slice(0, 3);
    const noNote = await call("POST", `/api/districts/${districtId}/recommendation-rules`, STAFF, { rules: own, note: "" });
    expect(noNote.status).toBe(400);
    expect(noNote.body.message).toContain("примечание");
    const bad = await call("POST", `/api/districts/${districtId}/recommendation-rules`, STAFF, { rules: [{ ...own[0], addressee: "mayor" }], note: "Только школы" });
    expect(bad.status).toBe(400);
    expect(bad.body.lines[0]).toMatch(/^Правило 1 \(school-risk-programme\), поле addressee: допустимо/);
    const saved = await call("POST", `/api/districts/${districtId}/recommendation-rules`, STAFF, { rules: own, note: "Только школьные правила" });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(2);
    expect(saved.body.rules).toHaveLength(3);
    expect(saved.body.versions.map((v: any) => [v.version, v.note])).toEqual([
      [2, "Только школьные правила"],
      [1, "Встроенные правила (версия 1)"],
    ]);
    const v1 = await db.prisma.recommendationRuleSet.findFirst({ where: { districtId, version: 1 } });
    expect((v1!.rules as any).rules).toHaveLength(16);
  });

  it("без контекста управленческого цикла маршруты отвечают 404", async () => {
    const bare = createApp({
      repo: new PrismaRepository(db.prisma),
      admin: new PrismaAdminRepository(db.prisma),
      surveys: surveysContext(db.prisma),
      clock: { now: () => new Date() },
      settings: DEFAULT_METHODOLOGY,
      tokens: { telegram: TEST_TOKEN, max: MAX_TEST_TOKEN },
      botUsername: () => "shnor_test_bot",
      initDataMaxAgeSeconds: 24 * 3600,
      demo: false,
      health: async () => ({ database: "ok", kind: db.kind }),
      log: { error: (obj) => console.error(obj) },
    });
    const response = await bare.request("/api/me/recommendations", { headers: { authorization: `tma ${signInitData(HEAD)}` } });
    expect(response.status).toBe(404);
    const list = await bare.request(`/api/districts/${districtId}/recommendations`, { headers: { authorization: `tma ${signInitData(STAFF)}` } });
    expect(list.status).toBe(404);
  });

  it("выявление: школа в списке ШНОР с темами ВПР низкой решаемости → программа, темы, ЦОКО, школа-куратор; кандидаты в кураторы подсказаны", async () => {
    const district = await makeDistrict(db);
    const repo = new PrismaRepository(db.prisma);
    const staff = await redeemInvite(
      { repo, clock: { now: () => new Date() }, randomBytes: (size: number) => randomBytes(size)},
      await district.invite("district", null),
      { channel: "telegram", externalId: "399", chatId: "399", firstName: "РУО" },
    );
    const [weak, strong] = district.schools;
    const school = (id: string, name: string, extra: object) => ({
      schoolId: id, schoolCode: "0", schoolName: name, resultsIndex: null, socialIndex: null, cluster: null, shnor: false, shnsu: false, dynamics: null,
      proposeExclusion: false, resilient: false, curatorCandidate: false, deficitFlags: [], lowTasks: [], explanation: { resultsInputs: [], socialInputs: [], checks: [] }, ...extra,
    });
    const run = {
      id: "run1", districtId: district.district.id, year: 2026, methodologyVersion: 1, createdAt: new Date(), summary: {} as never,
      output: {
        year: 2026, clusters: {} as never, districtLowTasks: [], warnings: [],
        schools: [
          school(weak!.id, weak!.name, { shnor: true, lowTasks: [{ grade: 5, subject: "Математика", task: "7", solvedShare: 0.2, topic: "Дроби" }] }),
          school(strong!.id, strong!.name, { curatorCandidate: true }),
        ],
      },
    } as unknown as StoredRun;
    const result = await generateRecommendations(
      { repo, admin: new PrismaAdminRepository(db.prisma), clock: { now: () => new Date() }, settings: DEFAULT_METHODOLOGY, management: testManagement(db), surveys: surveysContext(db.prisma), ident: { latestRun: async () => run } },
      (await repo.getPerson(staff.person.id))!,
      { districtId: district.district.id, schoolId: weak!.id },
    );
    expect(result.sources).toEqual({ riskProfile: false, deficits: false, identification: true });
    expect(result.curatorCandidates).toEqual([{ id: strong!.id, name: strong!.name }]);
    expect(result.created.map((rec) => rec.ruleKey)).toEqual(
      expect.arrayContaining(["school-programme", "school-vpr-topics", "district-roadmap", "institute-curators", "assessment-procedures", "curator-help"]),
    );
    const topics = result.created.find((rec) => rec.ruleKey === "school-vpr-topics")!;
    expect(topics.text).toContain("Математика, 5 кл., задание 7 («Дроби») — решили 20%");
    expect(topics.basis).toEqual([{ kind: "lowTopics", key: "Математика:5:7", label: "Математика, 5 кл., задание 7 («Дроби») — решили 20%" }]);
  });
});
