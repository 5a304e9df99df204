import { DomainError } from "../errors.ts";
import { deficitLevel, deficitProfile, type DeficitLevel } from "../diagnostic/profile.ts";
import { TEACHER_DIAGNOSTIC_KEY } from "../instruments/teacher-diagnostic.ts";
import type { Instrument } from "../instruments/schema.ts";
import { methodologistText } from "../messages/routes.ts";
import type { MethodologySettings } from "../methodology/settings.ts";
import {
  minimumFor,
  nextCell,
  releaseMean,
  releaseShare,
  sameCell,
  suppressTable,
  type Bounded,
  type Contribution,
  type StoredCell,
} from "../release/rules.ts";
import type { Clock, PersonView, Repository } from "./ports.ts";
import type { AttributedDiagnostic, TeacherAttributesRecord } from "./routes-ports.ts";
import type { SurveysContext } from "./surveys-context.ts";

/**
 * The institute's methodologist (DOMAIN.md §4): the district's teacher deficits by area and by
 * target group (seed 002: young, newly arrived, length of service, category), to plan courses and
 * the half-year seminar programme. Never a person: every cell goes through the release rules
 * (core/release/rules.ts) from one stored release per campaign, with these extra guards:
 * - in each partition of the teachers (service bands, categories, each with «не указали») the total
 *   minus the shown groups leaves none or at least the minimum (suppressTable);
 * - two shown groups of one area never differ by fewer than the minimum teachers (a group nested in
 *   another, young teachers inside «стаж до 3 лет», would single out the ones in between);
 * - the total moves only when the new responses no shown group has published are none or a step.
 */
export interface MethodologistDeps {
  repo: Pick<Repository, "findLatestCampaign" | "latestRelease" | "saveRelease">;
  clock: Clock;
  settings: MethodologySettings;
  surveys: Pick<SurveysContext, "routes">;
}

export const GROUPS = [
  "all",
  "young",
  "newlyArrived",
  "serviceUnder3",
  "service3to10",
  "service10to20",
  "service20plus",
  "serviceNotSaid",
  "categoryNone",
  "categoryFirst",
  "categoryHighest",
  "categoryNotSaid",
] as const;
export type GroupKey = (typeof GROUPS)[number];

/** Groups that together are all the teachers (the total minus the shown ones must not single anyone out). */
const PARTITIONS: GroupKey[][] = [
  ["serviceUnder3", "service3to10", "service10to20", "service20plus", "serviceNotSaid"],
  ["categoryNone", "categoryFirst", "categoryHighest", "categoryNotSaid"],
  // A single group is a partition with its complement unseen: the total minus it is checked too.
  ["young"],
  ["newlyArrived"],
];

export function groupsOf(attributes: TeacherAttributesRecord | null): GroupKey[] {
  const groups: GroupKey[] = ["all"];
  if (attributes?.young) groups.push("young");
  if (attributes?.newlyArrived) groups.push("newlyArrived");
  const years = attributes?.serviceYears ?? null;
  groups.push(years === null ? "serviceNotSaid" : years < 3 ? "serviceUnder3" : years < 10 ? "service3to10" : years < 20 ? "service10to20" : "service20plus");
  const category = attributes?.category ?? null;
  groups.push(category === null ? "categoryNotSaid" : category === "none" ? "categoryNone" : category === "first" ? "categoryFirst" : "categoryHighest");
  return groups;
}

export interface GroupFigure {
  meanDeficit: Bounded;
  pronouncedShare: Bounded;
  level: DeficitLevel;
}

export interface MethodologistDoc {
  version: 1;
  cells: Partial<Record<GroupKey, Record<string, StoredCell<GroupFigure>>>>;
}

interface AreaValue {
  deficit: number;
  pronounced: boolean;
}

const figureOf = (values: AreaValue[], settings: MethodologySettings): GroupFigure => {
  const meanDeficit = releaseMean(values.reduce((sum, value) => sum + value.deficit, 0) / values.length);
  return {
    meanDeficit,
    pronouncedShare: releaseShare(values.filter((value) => value.pronounced).length, values.length),
    level: deficitLevel(meanDeficit.value, settings),
  };
};

/** The next release of the groups × areas from the completed responses with their authors' attributes. */
export function advanceGroupRelease(
  instrument: Instrument,
  previous: MethodologistDoc | null,
  responses: readonly AttributedDiagnostic[],
  settings: MethodologySettings,
): { doc: MethodologistDoc; changed: boolean } {
  const params = { minimum: minimumFor("scale", settings), step: settings.releaseStep };
  const values = new Map<string, Map<string, AreaValue>>();
  const members = new Map<GroupKey, AttributedDiagnostic[]>();
  for (const response of responses) {
    const profile = deficitProfile(instrument, response.answers, settings);
    values.set(response.responseId, new Map(profile.areas.map((area) => [area.areaId, { deficit: area.deficit, pronounced: area.level === "pronounced" }])));
    for (const group of groupsOf(response.attributes)) members.set(group, [...(members.get(group) ?? []), response]);
  }
  const cells: MethodologistDoc["cells"] = {};
  let changed = previous === null;
  // Groups first, the total after them (its step is checked against what the groups published).
  const order = [...GROUPS.filter((group) => group !== "all"), "all" as const];
  for (const group of order) {
    const groupCells: Record<string, StoredCell<GroupFigure>> = {};
    for (const area of instrument.areas) {
      const contributions: Array<Contribution<AreaValue>> = [];
      for (const response of members.get(group) ?? []) {
        const value = values.get(response.responseId)!.get(area.id);
        if (value) contributions.push({ responseId: response.responseId, value });
      }
      const before = previous?.cells[group]?.[area.id];
      let cell = nextCell(before, contributions, params, (list) => figureOf(list, settings));
      if (group === "all" && before?.figure && cell !== before) {
        const covered = new Set(order.filter((g) => g !== "all").flatMap((g) => (cells[g]?.[area.id]?.figure ? cells[g]![area.id]!.basis : [])));
        const known = new Set(before.basis);
        const uncovered = contributions.filter((entry) => !known.has(entry.responseId) && !covered.has(entry.responseId)).length;
        if (uncovered > 0 && uncovered < params.step) cell = before;
      }
      if (!sameCell(before, cell)) changed = true;
      groupCells[area.id] = cell;
    }
    cells[group] = groupCells;
  }
  return { doc: { version: 1, cells }, changed };
}

export type ReleasedGroupCell = { hidden: true } | ({ hidden: false; respondents: number } & GroupFigure);

export interface GroupRow {
  group: GroupKey;
  title: string;
  areas: Array<{ areaId: string; title: string; cell: ReleasedGroupCell }>;
}

const symmetricDifference = (a: readonly string[], b: readonly string[]) => {
  const left = new Set(a);
  const right = new Set(b);
  let count = 0;
  for (const id of left) if (!right.has(id)) count++;
  for (const id of right) if (!left.has(id)) count++;
  return count;
};

/** What the methodologist sees of a release: every group × area after the guards above. */
export function groupView(instrument: Instrument, doc: MethodologistDoc, settings: MethodologySettings): GroupRow[] {
  const minimum = minimumFor("scale", settings);
  const visible = new Map<string, Set<GroupKey>>();
  for (const area of instrument.areas) {
    const held = (group: GroupKey): StoredCell<GroupFigure> | null => {
      const cell = doc.cells[group]?.[area.id];
      return cell ? { basis: cell.basis, figure: cell.basis.length >= minimum ? cell.figure : null } : null;
    };
    const total = held("all");
    const shown = new Set<GroupKey>(GROUPS.filter((group) => held(group)?.figure));
    for (const partition of PARTITIONS) {
      const rows = partition.map((group) => ({ key: group, cell: held(group) })).filter((row): row is { key: GroupKey; cell: StoredCell<GroupFigure> } => row.cell !== null);
      const keep = suppressTable(total, rows, minimum);
      for (const group of partition) if (!keep.has(group)) shown.delete(group);
    }
    // Pairs of shown groups: nested or nearly equal groups would single out the few between them.
    for (let changed = true; changed; ) {
      changed = false;
      const list = [...shown].sort((a, b) => (held(a)!.basis.length - held(b)!.basis.length) || a.localeCompare(b));
      outer: for (const [i, a] of list.entries()) {
        for (const b of list.slice(i + 1)) {
          const difference = symmetricDifference(held(a)!.basis, held(b)!.basis);
          if (difference > 0 && difference < minimum) {
            // The smaller one goes; the total is never hidden this way (it holds every other group).
            shown.delete(a === "all" ? b : a);
            changed = true;
            break outer;
          }
        }
      }
    }
    visible.set(area.id, shown);
  }
  return GROUPS.map((group) => ({
    group,
    title: methodologistText.groups[group === "serviceNotSaid" || group === "categoryNotSaid" ? "notSaid" : group],
    areas: instrument.areas.map((area) => {
      const cell = doc.cells[group]?.[area.id];
      const show = visible.get(area.id)!.has(group) && cell?.figure && cell.basis.length >= minimum;
      return { areaId: area.id, title: area.title, cell: show ? { hidden: false as const, respondents: cell!.basis.length, ...cell!.figure! } : { hidden: true as const } };
    }),
  }));
}

export interface MethodologistAggregates {
  districtId: string;
  campaign: { id: string; title: string; opensAt: Date; closesAt: Date } | null;
  releasedAt: Date | null;
  minRespondents: number;
  groups: GroupRow[];
}

const scopeKey = (districtId: string) => `methodologist:${districtId}`;

/**
 * The district's deficits by area and target group from its latest teacher diagnostic. The
 * methodologist of the district only (district staff have their own summary by school; the two
 * releases are kept apart so that nobody can subtract one from the other).
 */
export async function methodologistAggregates(deps: MethodologistDeps, viewer: PersonView, districtId: string): Promise<MethodologistAggregates> {
  if (!viewer.memberships.some((m) => m.active && m.role === "methodologist" && m.districtId === districtId)) {
    throw new DomainError("forbidden", { action: "methodologistAggregates", personId: viewer.id, districtId });
  }
  const minRespondents = deps.settings.minRespondents;
  const campaign = await deps.repo.findLatestCampaign(districtId, TEACHER_DIAGNOSTIC_KEY, deps.clock.now());
  if (!campaign) return { districtId, campaign: null, releasedAt: null, minRespondents, groups: [] };
  const scope = scopeKey(districtId);
  for (let attempt = 0; attempt < 3; attempt++) {
    const [previous, responses] = await Promise.all([deps.repo.latestRelease(campaign.id, scope), deps.surveys.routes.diagnosticsWithAttributes(campaign.id)]);
    const previousDoc = (previous?.figures as MethodologistDoc | undefined) ?? null;
    const { doc, changed } = advanceGroupRelease(campaign.instrument, previousDoc?.version === 1 ? previousDoc : null, responses, deps.settings);
    let releasedAt = previous?.releasedAt ?? null;
    let use = previousDoc;
    if (!previous || changed) {
      releasedAt = deps.clock.now();
      const respondents = Object.values(doc.cells.all ?? {}).reduce((most, cell) => Math.max(most, cell.basis.length), 0);
      if (!(await deps.repo.saveRelease(campaign.id, scope, { seq: (previous?.seq ?? 0) + 1, respondents, figures: doc, releasedAt }))) continue;
      use = doc;
    }
    return {
      districtId,
      campaign: { id: campaign.id, title: campaign.title, opensAt: campaign.opensAt, closesAt: campaign.closesAt },
      releasedAt,
      minRespondents,
      groups: groupView(campaign.instrument, use!, deps.settings),
    };
  }
  throw new Error(`methodologist release of campaign ${campaign.id}: lost three races to store it`);
}
