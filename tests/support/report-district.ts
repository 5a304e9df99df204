// A district with what the аналитическая справка reads, for the db, API and flow tests of #14 §7:
// three schools, recommendations in several states, a district roadmap with done and overdue events,
// two decisions and two identification runs whose lists differ. Dates sit in 2026-H2 before
// 29 November 2026, so the figures are the same whatever day after that the tests run.
import type { Database } from "../../prisma/db.ts";
import { packOutput } from "../../prisma/identification.ts";
import type { StoredRunOutput } from "../../core/services/identification-ports.ts";
import { makeDistrict } from "./district.ts";

const d = (iso: string) => new Date(iso);

export async function makeReportDistrict(db: Database) {
  const base = await makeDistrict(db, { schools: 3 });
  const [s1, s2, s3] = base.schools as [(typeof base.schools)[0], (typeof base.schools)[0], (typeof base.schools)[0]];
  const districtId = base.district.id;
  const prisma = db.prisma;

  const person = async (name: string, role: "district" | "head" | "teacher" | "methodologist", schoolId: string | null, inDistrict = districtId) =>
    prisma.person.create({ data: { displayName: name, consentAt: new Date(), memberships: { create: { role, districtId: inDistrict, schoolId } } } });
  const staff = await person("Сотрудник РУО", "district", null);
  const head = await person("Директор", "head", s1.id);

  // Recommendations: done in the period, in work and overdue, acknowledged and due later, proposed.
  const rec = (data: { schoolId: string | null; addressee: string; state: string; title: string; dueOn: Date | null; sentAt: Date | null; doneAt?: Date | null }) =>
    prisma.recommendation.create({ data: { districtId, form: "letter", text: "Текст рекомендации", doneAt: null, ...data } });
  await rec({ schoolId: s1.id, addressee: "head", state: "done", title: "Разбор типичных ошибок ВПР", dueOn: d("2026-10-01T00:00:00Z"), sentAt: d("2026-08-01T00:00:00Z"), doneAt: d("2026-09-20T00:00:00Z") });
  await rec({ schoolId: s2.id, addressee: "head", state: "in_work", title: "Программа перехода в эффективный режим", dueOn: d("2026-11-01T00:00:00Z"), sentAt: d("2026-08-15T00:00:00Z") });
  await rec({ schoolId: s3.id, addressee: "institute", state: "acknowledged", title: "КПК по функциональной грамотности", dueOn: d("2027-02-01T00:00:00Z"), sentAt: d("2026-10-01T00:00:00Z") });
  await rec({ schoolId: s2.id, addressee: "assessment", state: "proposed", title: "Не отправлена", dueOn: null, sentAt: null });

  // The district roadmap of 2026/27: one done, one overdue, one due next spring.
  const roadmap = await prisma.roadmap.create({ data: { districtId, schoolId: null, scopeKey: "district", schoolYear: "2026/27", title: "Дорожная карта района на 2026/27 учебный год" } });
  const event = (position: number, number: string, title: string, state: string, dueOn: Date, doneAt: Date | null = null) =>
    prisma.roadmapEvent.create({ data: { roadmapId: roadmap.id, section: "org_managerial", number, position, title, state, dueOn, doneAt } });
  await event(1, "1.1", "Совещание с руководителями школ", "done", d("2026-09-15T00:00:00Z"), d("2026-09-14T00:00:00Z"));
  await event(2, "1.2", "Мониторинг школьных программ", "overdue", d("2026-10-30T00:00:00Z"));
  await event(3, "1.3", "Семинар по критериям ВПР", "planned", d("2027-04-01T00:00:00Z"));

  const decision = (kind: string, docType: string, docNumber: string, docDate: Date, title: string) =>
    prisma.managementDecision.create({ data: { districtId, kind, docType, docNumber, docDate, title, level: "district", horizon: "operational", risks: [] } });
  await decision("activating", "order", "112", d("2026-09-05T00:00:00Z"), "О направлении учителей на КПК");
  await decision("controlling", "letter", "45", d("2026-11-20T00:00:00Z"), "О ежемесячных совещаниях");

  // Identification of 2025 and 2026: s1 left ШНОР, s3 entered it; s2 stays in ШНСУ.
  const methodology = await prisma.identificationMethodology.create({ data: { districtId, version: 1, settings: {} } });
  const run = (year: number, createdAt: Date, flags: Array<[string, boolean, boolean, number | null]>) =>
    prisma.identificationRun.create({
      data: {
        districtId,
        year,
        methodologyId: methodology.id,
        methodologyVersion: 1,
        createdAt,
        summary: {},
        output: packOutput({
          year,
          schools: flags.map(([schoolId, shnor, shnsu, dynamics]) => ({ schoolId, shnor, shnsu, dynamics })),
          clusters: { effective: 0, resilient: 0, failing: 0, deprived: 0 },
          districtLowTasks: [],
          warnings: [],
        } as unknown as StoredRunOutput),
      },
    });
  await run(2025, d("2025-02-10T00:00:00Z"), [
    [s1.id, true, false, null],
    [s2.id, false, true, null],
    [s3.id, false, false, null],
  ]);
  await run(2026, d("2026-02-10T00:00:00Z"), [
    [s1.id, false, false, 0.2],
    [s2.id, false, true, -0.1],
    [s3.id, true, false, -0.3],
  ]);

  return { ...base, staff, head, person, roadmap };
}
