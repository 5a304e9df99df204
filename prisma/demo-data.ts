// A believable, entirely fictional district for `npm run demo` and for tests (DOMAIN.md §11b):
// twelve schools of uneven size, ~150 teachers, a teacher diagnostic campaign in progress with
// about 80 % completed, and two schools below the minimum number of respondents.
// Deterministic for a seed (mulberry32); rows go in with createMany, since Prisma on PGlite costs
// milliseconds per query.
import { randomUUID } from "node:crypto";
import { teacherDiagnosticV1 } from "../core/instruments/teacher-diagnostic.ts";
import { CONSENT_VERSION } from "../core/services/onboarding.ts";
import { completionLine } from "../core/messages/reminders.ts";
import { campaignCompletion } from "../core/services/completion.ts";
import { createDistrict, openCampaign } from "./admin.ts";
import { PrismaRepository } from "./repository.ts";
import type { PrismaClient } from "./db.ts";

export const DEMO_DISTRICT_NAME = "Первомайский район (демо)";
const DAY_MS = 86_400_000;

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface SchoolTemplate {
  name: string;
  code: string;
  village: boolean;
  /** Share of the district's teachers (relative). */
  size: number;
  /** Overall confidence of its teachers, added to the answer scale. */
  level: number;
  /** Few teachers answered: the school stays below the minimum number of respondents. */
  lowTurnout?: boolean;
}

// Codes look like a region's school register numbers; none is real.
const SCHOOLS: SchoolTemplate[] = [
  { name: "МБОУ «Первомайская СОШ № 1»", code: "560301", village: false, size: 24, level: 0.2 },
  { name: "МАОУ «Первомайская гимназия»", code: "560302", village: false, size: 21, level: 0.35 },
  { name: "МБОУ «Первомайская СОШ № 2»", code: "560303", village: false, size: 19, level: 0 },
  { name: "МБОУ «Сосновская СОШ»", code: "560311", village: true, size: 15, level: -0.1 },
  { name: "МБОУ «Октябрьская СОШ»", code: "560312", village: true, size: 13, level: -0.15 },
  { name: "МБОУ «Черемшанская СОШ»", code: "560313", village: true, size: 10, level: -0.35, lowTurnout: true },
  { name: "МБОУ «Краснополянская СОШ»", code: "560314", village: true, size: 12, level: -0.25 },
  { name: "МКОУ «Луговская ООШ»", code: "560321", village: true, size: 6, level: -0.4, lowTurnout: true },
  { name: "МБОУ «Берёзовская СОШ»", code: "560315", village: true, size: 11, level: -0.05 },
  { name: "МКОУ «Ягоднинская ООШ»", code: "560322", village: true, size: 7, level: -0.3 },
  { name: "МКОУ «Заречная ООШ»", code: "560323", village: true, size: 6, level: -0.2 },
  { name: "МКОУ «Ключевская ООШ»", code: "560324", village: true, size: 6, level: -0.1 },
];

/** Where village schools are usually weaker (seed 002: ОВЗ, children with another mother tongue, technology). */
const VILLAGE_AREA_BIAS: Record<string, number> = { bilingual: -0.6, disabilities: -0.5, technology: -0.45, literacy: -0.15 };
/** Common to low-result schools: assessment criteria and the use of results. */
const COMMON_AREA_BIAS: Record<string, number> = { assessment: -0.2, data_use: -0.2, wellbeing: -0.1 };

const WOMEN = ["Ольга", "Наталья", "Елена", "Татьяна", "Светлана", "Ирина", "Марина", "Галина", "Людмила", "Анна", "Юлия", "Надежда", "Валентина", "Екатерина", "Оксана"];
const MEN = ["Сергей", "Александр", "Андрей", "Николай", "Владимир", "Алексей", "Игорь", "Виктор"];
const FATHERS = ["Ивановна", "Петровна", "Викторовна", "Николаевна", "Сергеевна", "Александровна", "Владимировна", "Михайловна", "Анатольевна", "Юрьевна"];
const FATHERS_M = ["Иванович", "Петрович", "Викторович", "Николаевич", "Сергеевич", "Александрович", "Владимирович", "Михайлович"];

export interface DemoOptions {
  seed?: number;
  /** Number of schools, 3..12 (the two low-turnout schools are always among them). */
  schools?: number;
  /** Number of teachers in the district, at least 5 per school. */
  teachers?: number;
  now?: Date;
  onProgress?: (line: string) => void;
}

export interface DemoSchool {
  id: string;
  name: string;
  code: string;
  /** Teacher memberships, including teachers who also work in another school. */
  teachers: number;
  /** Teachers with a membership here who completed the diagnostic. */
  completed: number;
}

export interface DemoDistrict {
  districtId: string;
  districtName: string;
  campaignId: string;
  schools: DemoSchool[];
  districtStaff: { personId: string; name: string };
  heads: Array<{ personId: string; schoolId: string; schoolName: string }>;
  mentors: Array<{ personId: string; schoolIds: string[]; schoolNames: string[] }>;
  teachers: Array<{ personId: string; schoolIds: string[]; answered: number; completed: boolean }>;
  counts: {
    schools: number;
    teachers: number;
    teachersInTwoSchools: number;
    memberships: number;
    completed: number;
    partial: number;
    notStarted: number;
    answers: number;
  };
}

/** Ids in the same alphabet as Prisma's cuid (lower-case letters and digits), generated here for createMany. */
const newId = () => `d${randomUUID().replaceAll("-", "")}`;

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}

/** Splits `total` in proportion to the weights, at least `min` each, summing exactly to `total`. */
function apportion(total: number, weights: number[], min: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const sizes = weights.map((weight) => Math.max(min, Math.floor((total * weight) / sum)));
  const order = weights.map((_, index) => index).sort((a, b) => weights[b]! - weights[a]!);
  let diff = total - sizes.reduce((a, b) => a + b, 0);
  for (let step = 0; diff !== 0; step++) {
    const index = order[step % order.length]!;
    if (diff > 0) {
      sizes[index]!++;
      diff--;
    } else if (sizes[index]! > min) {
      sizes[index]!--;
      diff++;
    }
  }
  return sizes;
}

export async function generateDemoDistrict(prisma: PrismaClient, options: DemoOptions = {}): Promise<DemoDistrict> {
  const seed = options.seed ?? 2026;
  const schoolCount = options.schools ?? SCHOOLS.length;
  const teacherCount = options.teachers ?? 150;
  const now = options.now ?? new Date();
  const progress = options.onProgress ?? (() => undefined);
  if (!Number.isInteger(schoolCount) || schoolCount < 3 || schoolCount > SCHOOLS.length) {
    throw new Error(`schools must be 3..${SCHOOLS.length}, got ${schoolCount}`);
  }
  if (!Number.isInteger(teacherCount) || teacherCount < schoolCount * 5 || teacherCount > 5000) {
    throw new Error(`teachers must be ${schoolCount * 5}..5000 for ${schoolCount} schools, got ${teacherCount}`);
  }
  const random = mulberry32(seed);
  const uniform = (min: number, max: number) => min + (max - min) * random();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const normal = (sd: number) => sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);

  // Schools: both low-turnout ones, the rest in template order (largest, town schools first).
  const low = SCHOOLS.filter((school) => school.lowTurnout);
  const templates = [...SCHOOLS.filter((school) => !school.lowTurnout).slice(0, schoolCount - low.length), ...low];
  const sizes = apportion(
    teacherCount,
    templates.map((template) => template.size),
    5,
  );

  const district = await createDistrict(prisma, { name: DEMO_DISTRICT_NAME, timezone: "Europe/Moscow" });
  // The operator for the consent text (152-ФЗ), so invites from the demo bot work; marked as a demo.
  await prisma.district.update({
    where: { id: district.id },
    data: {
      operatorName: `Управление образования (демонстрационный район «${DEMO_DISTRICT_NAME}»)`,
      operatorAddress: "адрес не указан — демонстрация",
      consentTerm: "до окончания демонстрации",
      operatorSetAt: new Date(),
    },
  });
  const schools = templates.map((template, index) => ({
    ...template,
    id: newId(),
    teachers: sizes[index]!,
    areaBias: Object.fromEntries(
      teacherDiagnosticV1.areas.map((area) => [
        area.id,
        (template.village ? (VILLAGE_AREA_BIAS[area.id] ?? 0) : 0) +
          (template.level < 0 ? (COMMON_AREA_BIAS[area.id] ?? 0) : 0) +
          normal(0.2),
      ]),
    ) as Record<string, number>,
  }));
  await prisma.school.createMany({
    data: schools.map((school) => ({ id: school.id, districtId: district.id, name: school.name, code: school.code, createdAt: daysAgo(60) })),
  });
  progress(`Школы: ${schools.length}`);

  // People. Everyone joined through an invite some weeks ago and gave consent.
  const people: Array<{ id: string; displayName: string; createdAt: Date }> = [];
  const memberships: Array<{ personId: string; role: string; schoolId: string | null; createdAt: Date }> = [];
  const person = (man: boolean) => {
    const createdAt = daysAgo(uniform(25, 45));
    const displayName = man ? `${pick(MEN)} ${pick(FATHERS_M)}` : `${pick(WOMEN)} ${pick(FATHERS)}`;
    const row = { id: newId(), displayName, createdAt };
    people.push(row);
    return row;
  };

  const staff = person(false);
  memberships.push({ personId: staff.id, role: "district", schoolId: null, createdAt: staff.createdAt });
  const heads = schools.map((school) => {
    const head = person(random() < 0.3);
    memberships.push({ personId: head.id, role: "head", schoolId: school.id, createdAt: head.createdAt });
    return { personId: head.id, schoolId: school.id, schoolName: school.name };
  });
  // Mentors work with the weakest schools, two each.
  const weakest = [...schools].sort((a, b) => a.level - b.level).slice(0, 4);
  const mentors = [0, 1].map((index) => {
    const mentor = person(index === 1);
    const assigned = weakest.slice(index * 2, index * 2 + 2);
    for (const school of assigned) memberships.push({ personId: mentor.id, role: "mentor", schoolId: school.id, createdAt: mentor.createdAt });
    return { personId: mentor.id, schoolIds: assigned.map((school) => school.id), schoolNames: assigned.map((school) => school.name) };
  });

  type Plan = { personId: string; schoolIds: string[]; level: number; areaBias: Record<string, number>; answered: number };
  const teachers: Plan[] = [];
  const questionCount = teacherDiagnosticV1.questions.length;
  for (const school of schools) {
    // How many of this school's teachers finished, started or did not start.
    const completed = school.lowTurnout
      ? Math.min(4, Math.max(1, school.teachers - 3))
      : Math.max(Math.min(5, school.teachers), Math.round(school.teachers * uniform(0.78, 0.93)));
    const unfinished = school.teachers - completed;
    const partial = Math.round(unfinished * uniform(0.35, 0.6));
    for (let index = 0; index < school.teachers; index++) {
      const teacher = person(random() < 0.18);
      memberships.push({ personId: teacher.id, role: "teacher", schoolId: school.id, createdAt: teacher.createdAt });
      const answered =
        index < completed ? questionCount : index < completed + partial ? 1 + Math.floor(random() * (questionCount - 2)) : 0;
      teachers.push({ personId: teacher.id, schoolIds: [school.id], level: school.level + normal(0.35), areaBias: school.areaBias, answered });
    }
  }
  // A teacher who also works in a second school (common in villages): one person, two memberships.
  const regular = schools.filter((school) => !school.lowTurnout);
  for (let index = 0; index < (regular.length >= 2 ? 2 : 0); index++) {
    const from = regular[index]!;
    // The second school is one of the smaller ones at the end of the list.
    const others = regular.filter((school) => school !== from);
    const to = others[others.length - 1 - (index % others.length)]!;
    const teacher = teachers.find(
      (plan) => plan.schoolIds.length === 1 && plan.schoolIds[0] === from.id && plan.answered === questionCount,
    )!;
    teacher.schoolIds.push(to.id);
    memberships.push({ personId: teacher.personId, role: "teacher", schoolId: to.id, createdAt: daysAgo(uniform(25, 45)) });
  }

  // Unique per run, so two demo districts can share a database (tests).
  const run = randomUUID().slice(0, 8);
  await prisma.$transaction([
    prisma.person.createMany({
      data: people.map((row) => ({
        id: row.id,
        displayName: row.displayName,
        consentAt: row.createdAt,
        consentVersion: CONSENT_VERSION,
        createdAt: row.createdAt,
      })),
    }),
    // A Telegram account without a chat id: nothing is ever sent to these made-up people.
    prisma.account.createMany({
      data: people.map((row, index) => ({
        personId: row.id,
        channel: "telegram",
        externalId: `demo-${run}-${index + 1}`,
        firstName: row.displayName.split(" ")[0] ?? null,
        lastSeenAt: row.createdAt,
        createdAt: row.createdAt,
      })),
    }),
    prisma.membership.createMany({ data: memberships.map((row) => ({ ...row, districtId: district.id })) }),
  ]);
  progress(`Педагоги: ${teachers.length} (в двух школах: ${teachers.filter((plan) => plan.schoolIds.length > 1).length})`);

  const campaign = await openCampaign(prisma, {
    districtId: district.id,
    title: "Диагностика профессиональных дефицитов педагогов",
    opensAt: daysAgo(20),
    closesAt: new Date(now.getTime() + 10 * DAY_MS),
  });

  // Answers: school tendency + teacher level + teacher-by-area + per-question noise on a 1..4 scale.
  const responses: Array<{ id: string; campaignId: string; personId: string; startedAt: Date; updatedAt: Date; completedAt: Date | null }> = [];
  const answers: Array<{ responseId: string; questionId: string; value: number; answeredAt: Date }> = [];
  for (const teacher of teachers) {
    if (teacher.answered === 0) continue;
    const responseId = newId();
    const teacherArea = Object.fromEntries(teacherDiagnosticV1.areas.map((area) => [area.id, normal(0.3)]));
    const startedAt = daysAgo(uniform(0.5, 19.5));
    let at = startedAt.getTime();
    for (const question of teacherDiagnosticV1.questions.slice(0, teacher.answered)) {
      const latent = 3.25 + teacher.level + teacher.areaBias[question.areaId]! + teacherArea[question.areaId]! + normal(0.45);
      const agreement = Math.min(4, Math.max(1, Math.round(latent)));
      at += uniform(8, 40) * 1000;
      // Reverse statements ("I often feel exhausted"): a confident teacher disagrees.
      answers.push({ responseId, questionId: question.id, value: question.reverse ? 5 - agreement : agreement, answeredAt: new Date(at) });
    }
    const complete = teacher.answered === questionCount;
    responses.push({
      id: responseId,
      campaignId: campaign.id,
      personId: teacher.personId,
      startedAt,
      updatedAt: new Date(at),
      completedAt: complete ? new Date(at) : null,
    });
  }
  await prisma.$transaction([
    prisma.response.createMany({ data: responses }),
    ...chunk(answers, 2000).map((rows) => prisma.answer.createMany({ data: rows })),
  ]);

  const completedIds = new Set(teachers.filter((plan) => plan.answered === questionCount).map((plan) => plan.personId));
  const counts = {
    schools: schools.length,
    teachers: teachers.length,
    teachersInTwoSchools: teachers.filter((plan) => plan.schoolIds.length > 1).length,
    memberships: memberships.length,
    completed: completedIds.size,
    partial: teachers.filter((plan) => plan.answered > 0 && plan.answered < questionCount).length,
    notStarted: teachers.filter((plan) => plan.answered === 0).length,
    answers: answers.length,
  };
  // The figures the Mini App and `campaign list` show, from the same core function.
  const shown = await campaignCompletion({ repo: new PrismaRepository(prisma) }, campaign, district.id);
  progress(`Ответы: ${counts.answers}; ${completionLine(shown.total)} (начали, но не закончили: ${counts.partial})`);

  return {
    districtId: district.id,
    districtName: district.name,
    campaignId: campaign.id,
    schools: schools.map((school) => {
      const here = teachers.filter((plan) => plan.schoolIds.includes(school.id));
      return {
        id: school.id,
        name: school.name,
        code: school.code,
        teachers: here.length,
        completed: here.filter((plan) => completedIds.has(plan.personId)).length,
      };
    }),
    districtStaff: { personId: staff.id, name: staff.displayName },
    heads,
    mentors,
    teachers: teachers.map((plan) => ({
      personId: plan.personId,
      schoolIds: plan.schoolIds,
      answered: plan.answered,
      completed: plan.answered === questionCount,
    })),
    counts,
  };
}

/** Sign-in choices of the demo Mini App: district staff, every head, both mentors, three teachers who completed. */
export function demoSignIn(demo: DemoDistrict): Array<{ personId: string; label: string }> {
  const schoolName = new Map(demo.schools.map((school) => [school.id, school.name]));
  const district = demo.districtName.replace(/ \(демо\)$/, "");
  const shown = demo.teachers.filter((teacher) => teacher.completed && teacher.schoolIds.length === 1);
  // Teachers from different schools, so the three views differ.
  const teachers = [...new Map(shown.map((teacher) => [teacher.schoolIds[0], teacher])).values()].slice(0, 3);
  return [
    { personId: demo.districtStaff.personId, label: `Сотрудник РУО — ${district}` },
    ...demo.heads.map((head) => ({ personId: head.personId, label: `Директор — ${head.schoolName}` })),
    ...demo.mentors.map((mentor) => ({ personId: mentor.personId, label: `Наставник — ${mentor.schoolNames.join(", ")}` })),
    ...teachers.map((teacher) => ({ personId: teacher.personId, label: `Учитель — ${schoolName.get(teacher.schoolIds[0]!)}` })),
  ];
}
