// The management decisions log (seed 004 §9, seed 003 §4.3 and §7.2): district staff record, edit and
// delete the district's decisions and list them by kind, level and period; a school head reads the
// decisions about their school. A decision links only recommendations of its own district.
import { canManageDistrict, canReadDistrict } from "../access/permissions.ts";
import { dateFromIso } from "../management/calendar-defaults.ts";
import type { DecisionFilter, DecisionInput } from "../management/decisions.ts";
import { decisionText } from "../messages/decisions.ts";
import { AdminError } from "./admin.ts";
import type { DecisionRecord, DecisionsRepository, DecisionWrite } from "./decisions-ports.ts";
import type { PersonView } from "./ports.ts";

export interface DecisionsContext {
  decisions: DecisionsRepository;
}

/**
 * What a person may do with a district's log: manage it (district staff, a regional operator), read all of
 * it (the working group, #15: `schoolIds` null), read their schools' (heads), nothing.
 */
export function decisionAccess(viewer: PersonView, districtId: string): { manage: true } | { manage: false; schoolIds: string[] | null } | null {
  if (canManageDistrict(viewer.memberships, districtId)) return { manage: true };
  if (canReadDistrict(viewer.memberships, districtId)) return { manage: false, schoolIds: null };
  const schoolIds = viewer.memberships
    .filter((membership) => membership.active && membership.role === "head" && membership.districtId === districtId && membership.schoolId)
    .map((membership) => membership.schoolId!);
  return schoolIds.length ? { manage: false, schoolIds } : null;
}

const refuse = () => new AdminError("forbidden", decisionText.onlyDistrict);
const missing = () => new AdminError("not_found", decisionText.notYours);

export async function listDecisions(ctx: DecisionsContext, viewer: PersonView, districtId: string, filter: DecisionFilter = {}) {
  const access = decisionAccess(viewer, districtId);
  if (!access) throw refuse();
  const schoolIds =
    access.manage || access.schoolIds === null
      ? filter.schoolId
        ? [filter.schoolId]
        : undefined
      : access.schoolIds.filter((id) => !filter.schoolId || id === filter.schoolId);
  const decisions = await ctx.decisions.list(districtId, {
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(filter.level ? { level: filter.level } : {}),
    ...(filter.from ? { from: dateFromIso(filter.from) } : {}),
    ...(filter.to ? { to: dateFromIso(filter.to) } : {}),
    ...(schoolIds ? { schoolIds } : {}),
  });
  return { decisions, canEdit: access.manage };
}

export async function getDecision(ctx: DecisionsContext, viewer: PersonView, id: string): Promise<DecisionRecord> {
  const decision = await ctx.decisions.get(id);
  if (!decision) throw missing();
  const access = decisionAccess(viewer, decision.districtId);
  if (!access || (!access.manage && access.schoolIds !== null && !(decision.schoolId && access.schoolIds.includes(decision.schoolId)))) throw missing();
  return decision;
}

/** The form's choices: the district's schools and recommendations. District staff only. */
export async function decisionFormOptions(ctx: DecisionsContext, viewer: PersonView, districtId: string) {
  if (!canManageDistrict(viewer.memberships, districtId)) throw refuse();
  return ctx.decisions.formOptions(districtId);
}

async function checked(ctx: DecisionsContext, districtId: string, input: DecisionInput): Promise<DecisionWrite> {
  if (input.schoolId && !(await ctx.decisions.schoolIn(districtId, input.schoolId))) {
    throw new AdminError("invalid", decisionText.otherSchool, { field: "schoolId" });
  }
  const found = new Set(await ctx.decisions.recommendationsIn(districtId, input.recommendationIds));
  if (input.recommendationIds.some((id) => !found.has(id))) {
    throw new AdminError("invalid", decisionText.foreignRecommendation, { field: "recommendationIds" });
  }
  return { ...input, docDate: dateFromIso(input.docDate) };
}

export async function createDecision(ctx: DecisionsContext, viewer: PersonView, districtId: string, input: DecisionInput): Promise<DecisionRecord> {
  if (!canManageDistrict(viewer.memberships, districtId)) throw refuse();
  return ctx.decisions.create(districtId, viewer.id, await checked(ctx, districtId, input));
}

async function editable(ctx: DecisionsContext, viewer: PersonView, id: string): Promise<DecisionRecord> {
  const decision = await ctx.decisions.get(id);
  if (!decision) throw missing();
  const access = decisionAccess(viewer, decision.districtId);
  if (access?.manage) return decision;
  // A head of the school may read it, not change it; anyone else does not learn it exists.
  const reads = access !== null && !access.manage && (access.schoolIds === null || (decision.schoolId !== null && access.schoolIds.includes(decision.schoolId)));
  throw reads ? refuse() : missing();
}

export async function updateDecision(ctx: DecisionsContext, viewer: PersonView, id: string, input: DecisionInput): Promise<DecisionRecord> {
  const decision = await editable(ctx, viewer, id);
  return ctx.decisions.update(id, await checked(ctx, decision.districtId, input));
}

export async function deleteDecision(ctx: DecisionsContext, viewer: PersonView, id: string): Promise<void> {
  await editable(ctx, viewer, id);
  await ctx.decisions.delete(id);
}
