// The school-level indicators of DOMAIN.md §8 over the school years (#14 §6): they count schools,
// recommendations and roadmap events, never people, so they need no release rules. Pure.
//
// Years are school years by their spring year (2026 is 2025/26), as the teacher indicators count.
// An identification run of year R (the last calendar year of data it uses, made in January–February
// of R + 1) gives the lists of school year R/R+1, i.e. spring year R + 1; so do official lists of
// year R. A management team's route of calendar year Y is drawn up in June Y: spring year Y.
import type { ListKind } from "../identification/types.ts";
import type { TrendCell, TrendKey } from "../messages/indicators.ts";
import type { SchoolIndicatorData } from "../services/indicators-ports.ts";

export const SCHOOL_TREND_KEYS = [
  "teamRoutes",
  "supportedPositiveDynamics",
  "listChanged",
  "programmeAdopted",
  "recommendationsDone",
  "roadmapEventsDone",
] as const satisfies readonly TrendKey[];
export type SchoolTrendKey = (typeof SCHOOL_TREND_KEYS)[number];

export type TrendCells<K extends string> = Record<K, TrendCell[]>;

/** "2025/26" → 2026; null when it is not a school year. */
export function springYearOf(schoolYear: string): number | null {
  const match = /^(\d{4})\/(\d{2})$/.exec(schoolYear);
  return match && (Number(match[1]) + 1) % 100 === Number(match[2]) ? Number(match[1]) + 1 : null;
}

const periodOf = (springYear: number) => ({ from: new Date(Date.UTC(springYear - 1, 8, 1)), to: new Date(Date.UTC(springYear, 8, 1)) });

/** An exact share of schools or documents: whole per cent with the counts beside it. */
export function exactShare(count: number, total: number): TrendCell {
  if (total <= 0) return { kind: "none" };
  return { kind: "share", share: { value: Math.round((100 * count) / total), bound: null }, count, total };
}

/** Which schools are on which list in a spring year: the computed run first, else the official lists. */
export function listsOf(data: SchoolIndicatorData, springYear: number): Map<string, Set<ListKind>> | null {
  const run = data.runs.find((item) => item.year === springYear - 1);
  if (run) {
    const lists = new Map<string, Set<ListKind>>();
    for (const school of run.schools) {
      const kinds = new Set<ListKind>();
      if (school.shnor) kinds.add("shnor");
      if (school.shnsu) kinds.add("shnsu");
      lists.set(school.schoolId, kinds);
    }
    return lists;
  }
  const official = data.officialLists.filter((list) => list.year === springYear - 1);
  if (!official.length) return null;
  const lists = new Map<string, Set<ListKind>>();
  for (const list of official) for (const schoolId of list.schoolIds) lists.set(schoolId, new Set([...(lists.get(schoolId) ?? []), list.kind]));
  return lists;
}

const supportedOf = (lists: Map<string, Set<ListKind>> | null) => (lists ? [...lists].filter(([, kinds]) => kinds.size > 0).map(([id]) => id) : []);

/**
 * Every school-level indicator for every year: the district row and each school's row, cells in the
 * order of `years`. `now` cuts the roadmap events whose deadline has not come yet.
 */
export function schoolTrends(
  data: SchoolIndicatorData,
  schoolIds: readonly string[],
  years: readonly number[],
  now: Date,
): { district: TrendCells<SchoolTrendKey>; schools: Map<string, TrendCells<SchoolTrendKey>> } {
  const empty = (): TrendCells<SchoolTrendKey> => Object.fromEntries(SCHOOL_TREND_KEYS.map((key) => [key, [] as TrendCell[]])) as unknown as TrendCells<SchoolTrendKey>;
  const district = empty();
  const schools = new Map(schoolIds.map((id) => [id, empty()]));
  const none: TrendCell = { kind: "none" };

  for (const year of years) {
    const period = periodOf(year);
    const lists = listsOf(data, year);
    const previous = listsOf(data, year - 1);
    const supported = supportedOf(lists);
    const run = data.runs.find((item) => item.year === year - 1);

    // Management teams' routes: share of the year's supported schools.
    const teamSchools = new Set(data.teamRoutes.filter((route) => route.year === year).map((route) => route.schoolId));
    district.teamRoutes.push(supported.length ? exactShare(supported.filter((id) => teamSchools.has(id)).length, supported.length) : none);

    // Positive dynamics of the results index among the listed schools with two years of data.
    const listedWithDynamics = run ? run.schools.filter((school) => (school.shnor || school.shnsu) && school.dynamics !== null) : [];
    district.supportedPositiveDynamics.push(
      listedWithDynamics.length ? exactShare(listedWithDynamics.filter((school) => school.dynamics! > 0).length, listedWithDynamics.length) : none,
    );

    // Changes of position in the lists against the previous year.
    const changes = new Map<string, { entered: ListKind[]; left: ListKind[] }>();
    if (lists && previous) {
      for (const id of new Set([...lists.keys(), ...previous.keys()])) {
        const now_ = lists.get(id) ?? new Set<ListKind>();
        const before = previous.get(id) ?? new Set<ListKind>();
        const kinds: ListKind[] = ["shnor", "shnsu"];
        changes.set(id, { entered: kinds.filter((kind) => now_.has(kind) && !before.has(kind)), left: kinds.filter((kind) => before.has(kind) && !now_.has(kind)) });
      }
      const total = new Set([...schoolIds, ...changes.keys()]).size;
      district.listChanged.push(exactShare([...changes.values()].filter((change) => change.entered.length || change.left.length).length, total));
    } else district.listChanged.push(none);

    // Adopted programme and roadmap: a school roadmap of the year approved by order or filled with events.
    const label = `${year - 1}/${String(year % 100).padStart(2, "0")}`;
    const adopted = new Set(
      data.roadmaps.filter((roadmap) => roadmap.schoolId && roadmap.schoolYear === label && (roadmap.approvalRef || roadmap.events.length)).map((roadmap) => roadmap.schoolId!),
    );
    const withRoadmap = new Set(data.roadmaps.filter((roadmap) => roadmap.schoolId && roadmap.schoolYear === label).map((roadmap) => roadmap.schoolId!));
    district.programmeAdopted.push(supported.length ? exactShare(supported.filter((id) => adopted.has(id)).length, supported.length) : none);

    // Recommendations sent in the school year and done.
    const sent = data.recommendations.filter((item) => item.sentAt >= period.from && item.sentAt < period.to);
    const doneShare = (items: typeof sent) => (items.length ? exactShare(items.filter((item) => item.state === "done").length, items.length) : none);
    district.recommendationsDone.push(doneShare(sent));

    // Roadmap events of the year whose deadline has come (cancelled ones aside).
    const cut = new Date(Math.min(period.to.getTime(), now.getTime()));
    const dueEvents = (roadmaps: SchoolIndicatorData["roadmaps"]) =>
      roadmaps.filter((roadmap) => roadmap.schoolYear === label).flatMap((roadmap) => roadmap.events.filter((event) => event.state !== "cancelled" && event.dueOn < cut));
    const eventsShare = (events: ReturnType<typeof dueEvents>) => (events.length ? exactShare(events.filter((event) => event.state === "done").length, events.length) : none);
    district.roadmapEventsDone.push(eventsShare(dueEvents(data.roadmaps)));

    for (const [id, row] of schools) {
      const onList = supported.includes(id);
      row.teamRoutes.push(onList || teamSchools.has(id) ? { kind: "flag", value: teamSchools.has(id) } : none);
      const school = run?.schools.find((item) => item.schoolId === id);
      row.supportedPositiveDynamics.push(school && school.dynamics !== null ? { kind: "dynamics", value: school.dynamics } : none);
      const change = changes.get(id);
      row.listChanged.push(lists && previous ? { kind: "change", entered: change?.entered ?? [], left: change?.left ?? [] } : none);
      row.programmeAdopted.push(onList || withRoadmap.has(id) ? { kind: "flag", value: adopted.has(id) } : none);
      row.recommendationsDone.push(doneShare(sent.filter((item) => item.schoolId === id)));
      row.roadmapEventsDone.push(eventsShare(dueEvents(data.roadmaps.filter((roadmap) => roadmap.schoolId === id))));
    }
  }
  return { district, schools };
}
