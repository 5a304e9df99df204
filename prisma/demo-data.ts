// A believable, entirely fictional district for `npm run demo` and for tests (DOMAIN.md §11b):
// twelve schools of uneven size, ~150 teachers, a teacher diagnostic campaign in progress with
// about 80 % completed, and two schools below the minimum number of respondents; with #13 (prisma/demo-instruments.ts)
// the diagnostic is version 2, open with daily reminders, and the district has the closed self-analysis cards, parent
// and student surveys, a risk profile per school, a course catalog, routes and a methodologist.
// Deterministic for a seed (mulberry32); rows go in with createMany, since Prisma on PGlite costs
// milliseconds per query.
import { randomUUID } from "node:crypto";
import { CONSENT_VERSION } from "../core/services/onboarding.ts";
import { completionLine } from "../core/messages/reminders.ts";
import { campaignCompletion } from "../core/services/completion.ts";
import { importData, runIdentification, setCuratorFlags } from "../core/services/identification.ts";
import { DEFICIT_FLAGS, type DeficitFlag } from "../core/identification/methodology.ts";
import { CLUSTERS, type Cluster } from "../core/identification/types.ts";
import { CLUSTER_NAMES } from "../core/messages/identification.ts";
import { COLUMN_TITLES } from "../core/messages/intake.ts";
import { createDistrict } from "./admin.ts";
import { addDemoInstruments, DEMO_DIAGNOSTIC, runTeacherDiagnostic, type DemoInstruments } from "./demo-instruments.ts";
import { identificationContext } from "./identification.ts";
import { PrismaRepository } from "./repository.ts";
import type { PrismaClient } from "./db.ts";

export const DEMO_DISTRICT_NAME = "Первомайский район (демо)";
/** Луговская ООШ: its parents and students answered fewer than the minimum, so their figures stay hidden. */
export const FEW_RESPONDENTS_CODE = "560321";
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
  /** Identification (issue #12): what its files say over the last three years; see DEMO_IDENTIFICATION. */
  ident: IdentProfile;
}

/**
 * A school's results and social context as the demo's identification files carry them. `results` is its
 * level in each of the last three years (before, last year, this year) on a scale of district standard
 * deviations; `social` likewise (higher = better-off families). Each file row adds a little seeded noise,
 * far below the gaps between schools, so every seed gives the same clusters and lists.
 */
interface IdentProfile {
  results: [number, number, number];
  social: number;
  students: number;
  deficits?: DeficitFlag[];
  /** Seed 004's three curator criteria, set by the district (setCuratorFlags). */
  curator?: true;
  /** On the region's (made-up) ШНОР list. */
  officialShnor?: true;
  /** Gives the ФИС ОКО comparison of ВПР marks with journal marks. */
  journal?: true;
}

// Codes look like a region's school register numbers; none is real.
// Identification roles (run of the current year, default methodology): «эффективные» — № 1, the gymnasium
// (the curator candidate), Сосновская, Берёзовская; «несправляющиеся» — № 2, Октябрьская (ШНОР), Ключевская;
// «депривированные» — Черемшанская (ШНОР and ШНСУ), Луговская (ШНСУ), Ягоднинская (ШНСУ, rising: proposed for
// exclusion), Заречная (ШНСУ by three deficits); «резильентные» — Краснополянская. The region's list has
// Черемшанская and Луговская: it differs from the computed ШНОР list by one school each way.
const SCHOOLS: SchoolTemplate[] = [
  { name: "МБОУ «Первомайская СОШ № 1»", code: "560301", village: false, size: 24, level: 0.2,
    ident: { results: [0.8, 0.85, 0.8], social: 1.0, students: 820, journal: true } },
  { name: "МАОУ «Первомайская гимназия»", code: "560302", village: false, size: 21, level: 0.35,
    ident: { results: [1.6, 1.55, 1.6], social: 1.3, students: 640, curator: true, journal: true } },
  { name: "МБОУ «Первомайская СОШ № 2»", code: "560303", village: false, size: 19, level: 0,
    ident: { results: [-0.4, -0.45, -0.5], social: 0.8, students: 710, journal: true } },
  { name: "МБОУ «Сосновская СОШ»", code: "560311", village: true, size: 15, level: -0.1,
    ident: { results: [0.5, 0.5, 0.55], social: 0.4, students: 310, journal: true } },
  { name: "МБОУ «Октябрьская СОШ»", code: "560312", village: true, size: 13, level: -0.15,
    ident: { results: [-0.7, -0.9, -1.2], social: 0.35, students: 270, deficits: ["unfilledPosts"], journal: true } },
  { name: "МБОУ «Черемшанская СОШ»", code: "560313", village: true, size: 10, level: -0.35, lowTurnout: true,
    ident: { results: [-1.2, -1.4, -1.7], social: -0.95, students: 190, deficits: ["computerDeficit", "unfilledPosts"], officialShnor: true, journal: true } },
  { name: "МБОУ «Краснополянская СОШ»", code: "560314", village: true, size: 12, level: -0.25,
    ident: { results: [0.55, 0.6, 0.7], social: -0.5, students: 240 } },
  { name: "МКОУ «Луговская ООШ»", code: "560321", village: true, size: 6, level: -0.4, lowTurnout: true,
    ident: { results: [-0.4, -0.6, -0.9], social: -1.5, students: 58, deficits: ["remote", "smallSchool", "internetDeficit", "unfilledPosts"], officialShnor: true } },
  { name: "МБОУ «Берёзовская СОШ»", code: "560315", village: true, size: 11, level: -0.05,
    ident: { results: [0.3, 0.3, 0.35], social: 0.35, students: 230, journal: true } },
  { name: "МКОУ «Ягоднинская ООШ»", code: "560322", village: true, size: 7, level: -0.3,
    ident: { results: [-1.0, -0.9, -0.2], social: -1.15, students: 74, deficits: ["smallSchool", "infrastructureDeficit"] } },
  { name: "МКОУ «Заречная ООШ»", code: "560323", village: true, size: 6, level: -0.2,
    ident: { results: [-0.2, -0.4, -0.7], social: -0.35, students: 66, deficits: ["remote", "smallSchool", "unfilledPosts"] } },
  { name: "МКОУ «Ключевская ООШ»", code: "560324", village: true, size: 6, level: -0.1,
    ident: { results: [-0.35, -0.35, -0.35], social: 0.45, students: 88, deficits: ["smallSchool", "unfilledPosts"] } },
];
/** The twelve schools as the demo makes them (tests read their identification roles). */
export const DEMO_SCHOOL_TEMPLATES: ReadonlyArray<Readonly<SchoolTemplate>> = SCHOOLS;

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
  /** Load three years of identification data and run it (default true). */
  identification?: boolean;
  /** #13: the closed card, parent and student surveys, risk profiles, courses and routes (default true). */
  instruments?: boolean;
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
  /** The identification run and the region's list; null when not asked for. */
  identification: DemoIdentification | null;
  methodologist: { personId: string; name: string };
  /** #13: closed surveys, risk profiles, courses and routes; null when not asked for. */
  instruments: DemoInstruments | null;
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
      DEMO_DIAGNOSTIC.areas.map((area) => [
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
  // The regional institute's methodologist (#13): district-wide, no school.
  const methodologist = person(false);
  memberships.push({ personId: methodologist.id, role: "methodologist", schoolId: null, createdAt: methodologist.createdAt });
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
  const questionCount = DEMO_DIAGNOSTIC.questions.length;
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

  // The teacher diagnostic (version 2, with the risk profile's questions), open with daily reminders, answered in chat.
  const diagnostic = await runTeacherDiagnostic(prisma, {
    districtId: district.id,
    now,
    teachers,
    draw: { random, uniform, normal },
  });
  const campaign = diagnostic.campaign;

  const completedIds = new Set(teachers.filter((plan) => plan.answered === questionCount).map((plan) => plan.personId));
  const counts = {
    schools: schools.length,
    teachers: teachers.length,
    teachersInTwoSchools: teachers.filter((plan) => plan.schoolIds.length > 1).length,
    memberships: memberships.length,
    completed: completedIds.size,
    partial: teachers.filter((plan) => plan.answered > 0 && plan.answered < questionCount).length,
    notStarted: teachers.filter((plan) => plan.answered === 0).length,
    answers: diagnostic.answers,
  };
  // The figures the Mini App and `campaign list` show, from the same core function.
  const shown = await campaignCompletion({ repo: new PrismaRepository(prisma) }, campaign, district.id);
  progress(`Ответы: ${counts.answers}; ${completionLine(shown.total)} (начали, но не закончили: ${counts.partial})`);

  let identification: DemoIdentification | null = null;
  if (options.identification ?? true) {
    identification = await loadDemoIdentification(prisma, district.id, schools, { seed, now });
    const clusters = CLUSTERS.map((cluster) => `${CLUSTER_NAMES[cluster]} ${identification!.clusters[cluster]}`).join(", ");
    progress(
      `Выявление ШНОР и ШНСУ за ${identification.year} год (данные ${identification.years[0]}–${identification.year}): ${clusters}; ` +
        `ШНОР ${identification.shnor}, ШНСУ ${identification.shnsu}; список области № ${identification.official.documentNumber}`,
    );
  }

  // #13: the closed surveys of this school year, risk profiles, the course catalog and routes.
  let instruments: DemoInstruments | null = null;
  if (options.instruments ?? true) {
    const completedPlans = teachers.filter((plan) => completedIds.has(plan.personId));
    const routeShown = signInTeachers(completedPlans.map((plan) => ({ ...plan, completed: true }))).map((plan) => plan.personId);
    // Some others have opened their route so far (the use case builds it then): one teacher in each school.
    const routeOthers = [
      ...new Map(completedPlans.filter((plan) => !routeShown.includes(plan.personId)).map((plan) => [plan.schoolIds[0], plan.personId] as const)).values(),
    ];
    const few = schools.find((school) => school.code === FEW_RESPONDENTS_CODE) ?? [...schools].sort((a, b) => a.ident.students - b.ident.students)[0]!;
    instruments = await addDemoInstruments(prisma, {
      districtId: district.id,
      now,
      schools,
      staffPersonId: staff.id,
      fewRespondentsSchoolId: few.id,
      draw: { random, uniform, normal },
      progress,
      routeTeachers: { shown: routeShown, others: routeOthers },
    });
  }

  const result: DemoDistrict = {
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
    identification,
    methodologist: { personId: methodologist.id, name: methodologist.displayName },
    instruments,
  };
  return result;
}

/** The three teachers offered at sign-in: completed, in one school, from different schools (so the views differ). */
function signInTeachers<T extends { completed: boolean; schoolIds: string[] }>(all: T[]): T[] {
  const shown = all.filter((teacher) => teacher.completed && teacher.schoolIds.length === 1);
  return [...new Map(shown.map((teacher) => [teacher.schoolIds[0], teacher])).values()].slice(0, 3);
}

/** Sign-in choices of the demo Mini App: district staff, every head, both mentors, three teachers who completed. */
export function demoSignIn(demo: DemoDistrict): Array<{ personId: string; label: string }> {
  const schoolName = new Map(demo.schools.map((school) => [school.id, school.name]));
  const district = demo.districtName.replace(/ \(демо\)$/, "");
  const teachers = signInTeachers(demo.teachers);
  return [
    { personId: demo.districtStaff.personId, label: `Сотрудник РУО — ${district}` },
    ...demo.heads.map((head) => ({ personId: head.personId, label: `Директор — ${head.schoolName}` })),
    ...demo.mentors.map((mentor) => ({ personId: mentor.personId, label: `Наставник — ${mentor.schoolNames.join(", ")}` })),
    { personId: demo.methodologist.personId, label: "Методист ИРО (демо)" },
    ...teachers.map((teacher) => ({ personId: teacher.personId, label: `Учитель — ${schoolName.get(teacher.schoolIds[0]!)}` })),
  ];
}

// ---------- identification (issue #12): three years of files, imported and run like a district's ----------

/** The made-up region's ШНОР list, beside the computed one. */
export const DEMO_OFFICIAL_SOURCE = "Министерство образования области (демо)";

/** ВПР grade 4 tasks: number, topic, how often a district's pupils solve it. A few are hard everywhere. */
const VPR4_TASKS: Record<"Русский язык" | "Математика", Array<[task: string, topic: string, solved: number]>> = {
  "Русский язык": [
    ["1", "Списывание текста с соблюдением орфографических и пунктуационных норм", 0.78],
    ["2", "Разбор предложения по членам предложения", 0.56],
    ["3", "Звуко-буквенный анализ слова", 0.7],
    ["4", "Орфоэпические нормы: ударение в словах", 0.74],
    ["5", "Основная мысль текста", 0.62],
    ["6", "Составление плана текста", 0.58],
    ["7", "Вопрос по содержанию текста", 0.66],
    ["8", "Значение слова в контексте", 0.72],
    ["9", "Подбор синонима к слову", 0.77],
    ["10", "Состав слова (морфемный разбор)", 0.61],
    ["11", "Имя существительное: морфологические признаки", 0.68],
    ["12", "Имя прилагательное: морфологические признаки", 0.64],
    ["13", "Глагол: морфологические признаки", 0.6],
    ["14", "Правописание безударных гласных в корне слова", 0.55],
    ["15", "Толкование пословицы и ситуация её употребления", 0.44],
  ],
  Математика: [
    ["1", "Вычисления с многозначными числами", 0.88],
    ["2", "Порядок действий в числовом выражении", 0.8],
    ["3", "Текстовая задача на покупку", 0.74],
    ["4", "Единицы времени и их соотношение", 0.63],
    ["5", "Периметр и площадь прямоугольника", 0.59],
    ["6", "Чтение таблиц и диаграмм", 0.81],
    ["7", "Письменные вычисления с остатком", 0.71],
    ["8", "Текстовая задача в несколько действий", 0.52],
    ["9", "Логические рассуждения и работа с информацией", 0.46],
    ["10", "Пространственные представления: развёртка фигуры", 0.55],
    ["11", "Задача на движение", 0.5],
    ["12", "Нестандартная задача повышенной сложности", 0.27],
  ],
};

export interface DemoIdentificationFiles {
  year: number;
  years: number[];
  results: Uint8Array;
  items: Uint8Array;
  social: Uint8Array;
  official: { content: Uint8Array; kind: "shnor"; year: number; source: string; documentNumber: string; documentDate: string };
}

const encoder = new TextEncoder();
/** A CSV as a district's Excel saves it: `;` between cells, a decimal comma; every cell quoted (titles have commas). */
const csvFile = (rows: Array<Array<string | number | null>>) =>
  encoder.encode(
    rows
      .map((cells) => cells.map((cell) => `"${cell === null ? "" : typeof cell === "number" ? String(cell).replace(".", ",") : cell.replaceAll('"', '""')}"`).join(";"))
      .join("\r\n") + "\r\n",
  );
const percent = (share: number) => Math.round(Math.min(1, Math.max(0, share)) * 1000) / 10;
const yesNo = (value: boolean) => (value ? "да" : "нет");

/**
 * The demo's identification files for its schools: ЕГЭ (grade 11, not in basic schools), ОГЭ (9) and ВПР (4) in
 * Russian and mathematics, ВПР journal comparison for some schools, ВПР grade 4 tasks, the social data, all for
 * the three years up to `year`, and the region's ШНОР list for `year`. Deterministic for a seed: a mulberry32
 * stream of its own, so the teachers' data of the same seed stays as it was.
 */
export function demoIdentificationFiles(
  schools: ReadonlyArray<{ code: string; name: string; ident: IdentProfile; village: boolean }>,
  options: { seed: number; year: number; documentDate: string },
): DemoIdentificationFiles {
  const random = mulberry32((options.seed ^ 0x1de4) >>> 0);
  const normal = (sd: number) => sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const years = [options.year - 2, options.year - 1, options.year];
  const basic = (school: { name: string }) => school.name.includes("ООШ");
  const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

  const results: Array<Array<string | number | null>> = [
    [COLUMN_TITLES.schoolCode, COLUMN_TITLES.schoolName, COLUMN_TITLES.year, COLUMN_TITLES.assessment, COLUMN_TITLES.grade, COLUMN_TITLES.subject,
      COLUMN_TITLES.participants, COLUMN_TITLES.meanScore, COLUMN_TITLES.lowShare, COLUMN_TITLES.highShare,
      COLUMN_TITLES.vprLowered, COLUMN_TITLES.vprConfirmed, COLUMN_TITLES.vprRaised],
  ];
  const items: Array<Array<string | number | null>> = [
    [COLUMN_TITLES.schoolCode, COLUMN_TITLES.schoolName, COLUMN_TITLES.year, COLUMN_TITLES.grade, COLUMN_TITLES.subject, COLUMN_TITLES.task,
      COLUMN_TITLES.solvedShare, COLUMN_TITLES.topic, COLUMN_TITLES.participants],
  ];
  const socialFields = ["parentsNoHigherEducation", "unemployedParents", "watchList", "odnKdn", "migrantOrLowRussian", "nonAttested", "truancy", "disabilities"] as const;
  const social: Array<Array<string | number | null>> = [
    [COLUMN_TITLES.schoolCode, COLUMN_TITLES.schoolName, COLUMN_TITLES.year, COLUMN_TITLES.students,
      ...socialFields.map((field) => COLUMN_TITLES[field]), ...DEFICIT_FLAGS.map((flag) => COLUMN_TITLES[flag])],
  ];
  // Share of all students at a social level q (higher q = better-off): the district's typical share and how it moves.
  const socialShare: Record<(typeof socialFields)[number], [typical: number, perLevel: number]> = {
    parentsNoHigherEducation: [0.46, 0.14],
    unemployedParents: [0.09, 0.04],
    watchList: [0.035, 0.016],
    odnKdn: [0.014, 0.008],
    migrantOrLowRussian: [0.035, 0.02],
    nonAttested: [0.012, 0.007],
    truancy: [0.022, 0.012],
    disabilities: [0.06, 0],
  };

  for (const school of schools) {
    const { ident } = school;
    // A cohort of one grade; fewer stay for grades 10–11 (more so in villages).
    const cohort = ident.students / 10.5;
    years.forEach((year, index) => {
      const level = ident.results[index]!;
      const students = Math.max(20, Math.round(ident.students * (1 + (index - 2) * 0.02 + normal(0.01))));
      const size = (share: number) => Math.max(3, Math.round(cohort * share * (1 + normal(0.05))));
      /** The school's level for one figure: one figure is never the whole story. */
      const at = () => level + normal(0.04);
      const row = (assessment: string, grade: number, subject: string, participants: number, mean: number, low: number, high: number, journal: number[] | null) =>
        results.push([school.code, school.name, year, assessment, grade, subject, participants, mean, percent(low), percent(high), ...(journal ?? [null, null, null])]);
      if (!basic(school)) {
        const participants = size(school.village ? 0.45 : 0.6);
        let r = at();
        row("ЕГЭ", 11, "Русский язык", participants, round(68 + 6 * r, 1), Math.max(0, 0.015 - 0.015 * r), Math.max(0, 0.14 + 0.09 * r), null);
        r = at();
        const math = Math.max(3, Math.round(participants * 0.55));
        row("ЕГЭ", 11, "Математика", math, round(55 + 7 * r, 1), Math.max(0, 0.05 - 0.04 * r), Math.max(0, 0.06 + 0.05 * r), null);
      }
      for (const subject of ["Русский язык", "Математика"] as const) {
        const r = at();
        const russian = subject === "Русский язык";
        row("ОГЭ", 9, subject, size(0.95), round(russian ? 25 + 2.4 * r : 15.5 + 2.6 * r, 1), Math.max(0, (russian ? 0.03 : 0.07) - 0.035 * r), Math.max(0, (russian ? 0.22 : 0.12) + 0.08 * r), null);
      }
      for (const subject of ["Русский язык", "Математика"] as const) {
        const r = at();
        const participants = size(0.95);
        // Against the journal: weak schools' journal marks run higher than the ВПР confirms.
        let journal: number[] | null = null;
        if (ident.journal) {
          const lowered = percent(0.14 - 0.05 * r + normal(0.01));
          const raised = percent(0.04 + normal(0.005));
          journal = [lowered, round(100 - lowered - raised, 1), raised];
        }
        row("ВПР", 4, subject, participants, round(3.7 + 0.28 * r, 2), Math.max(0, 0.07 - 0.045 * r), Math.max(0, 0.26 + 0.09 * r), journal);
        for (const [task, topic, solved] of VPR4_TASKS[subject]) {
          items.push([school.code, school.name, year, 4, subject, task, percent(solved + 0.07 * level + normal(0.035)), topic, participants]);
        }
      }
      const q = ident.social + normal(0.04);
      const counts = socialFields.map((field) => {
        const [typical, perLevel] = socialShare[field];
        return Math.round(students * Math.max(0.002, (typical - perLevel * q) * (1 + normal(0.04))));
      });
      const deficits = new Set(ident.deficits ?? []);
      social.push([school.code, school.name, year, students, ...counts, ...DEFICIT_FLAGS.map((flag) => yesNo(deficits.has(flag)))]);
    });
  }

  const official = [
    [COLUMN_TITLES.schoolCode, COLUMN_TITLES.schoolName, COLUMN_TITLES.note],
    ...schools
      .filter((school) => school.ident.officialShnor)
      .map((school) => [school.code, school.name, `Низкие результаты ${basic(school) ? "ОГЭ и ВПР" : "ЕГЭ, ОГЭ и ВПР"} в ${years[0]}–${options.year} гг. (мониторинг области)`]),
  ];
  return {
    year: options.year,
    years,
    results: csvFile(results),
    items: csvFile(items),
    social: csvFile(social),
    official: {
      content: csvFile(official),
      kind: "shnor",
      year: options.year,
      source: DEMO_OFFICIAL_SOURCE,
      documentNumber: `01-21/${1000 + Math.floor(random() * 9000)}-демо`,
      documentDate: options.documentDate,
    },
  };
}

export interface DemoIdentification {
  year: number;
  years: number[];
  runId: string;
  clusters: Record<Cluster, number>;
  shnor: number;
  shnsu: number;
  /** Messages the run queued: none, since the demo's people have no chat. */
  queued: number;
  official: { kind: "shnor"; source: string; documentNumber: string; documentDate: string };
}

/**
 * Loads the files through the same intake as a district's (importData: the real CSV reader, checks and
 * storage), sets the curator's flags, runs identification of last year and of the current year (runIdentification)
 * and imports the region's list. Acts as the operator's shell. The run queues its notices through the
 * outbox like any run, but only to accounts with a chat: the demo's made-up people have none.
 */
async function loadDemoIdentification(
  prisma: PrismaClient,
  districtId: string,
  schools: ReadonlyArray<{ id: string; code: string; name: string; ident: IdentProfile; village: boolean }>,
  options: { seed: number; now: Date },
): Promise<DemoIdentification> {
  // The district's calendar year (Europe/Moscow, UTC+3 all year).
  const local = new Date(options.now.getTime() + 3 * 3_600_000);
  const year = local.getUTCFullYear();
  // The region's document: two weeks ago, within the year.
  const signed = new Date(Math.max(local.getTime() - 14 * DAY_MS, Date.UTC(year, 0, 15)));
  const files = demoIdentificationFiles(schools, { seed: options.seed, year, documentDate: signed.toISOString().slice(0, 10) });
  const ctx = identificationContext(prisma, { clock: { now: () => options.now } });
  for (const [kind, content] of [["results", files.results], ["items", files.items], ["social", files.social]] as const) {
    const imported = await importData(ctx, null, { districtId, kind, fileName: `демо-${kind}-${files.years[0]}-${year}.csv`, content });
    if (!imported.written) throw new Error(`demo ${kind}: ${JSON.stringify(imported.problems.slice(0, 3))}`);
  }
  for (const school of schools.filter((entry) => entry.ident.curator)) {
    await setCuratorFlags(ctx, null, { schoolId: school.id, innovationPlatform: true, headCompetence: true, headMotivation: true });
  }
  const outboxBefore = await prisma.outbox.count();
  // Last year's run first: the school card then has a history, and this year's run names who entered and left.
  await runIdentification(ctx, null, { districtId, year: year - 1 });
  const run = await runIdentification(ctx, null, { districtId, year });
  const queued = (await prisma.outbox.count()) - outboxBefore;
  const { content, ...official } = files.official;
  const list = await importData(ctx, null, { districtId, kind: "official-list", fileName: `демо-список-ШНОР-${year}.csv`, content, official });
  if (!list.written) throw new Error(`demo official list: ${JSON.stringify(list.problems.slice(0, 3))}`);
  return {
    year,
    years: files.years,
    runId: run.runId,
    clusters: run.clusters,
    shnor: run.shnor,
    shnsu: run.shnsu,
    queued,
    official: { kind: official.kind, source: official.source, documentNumber: official.documentNumber, documentDate: official.documentDate },
  };
}
