import { z } from "zod";
import { CLUSTERS } from "../identification/types.ts";
import { RESPONDENTS, type Respondent } from "../instruments/schema.ts";
import type { MembershipView } from "../roles.ts";

/**
 * Who a campaign asks (#13), as stored in Campaign.audience. `roles` are the instrument's
 * respondents; `schoolIds` the schools asked (null: every school of the district). A cluster or a
 * list of the identification is resolved to `schoolIds` when the campaign opens, and `from` keeps
 * what it was resolved from, so that the district reads why these schools were asked.
 */
export const CampaignAudienceSchema = z.object({
  roles: z.array(z.enum(RESPONDENTS)).min(1),
  schoolIds: z.array(z.string().min(1)).nullable().default(null),
  from: z
    .object({
      cluster: z.enum(CLUSTERS).optional(),
      list: z.enum(["shnor", "shnsu", "official-shnor", "official-shnsu"]).optional(),
      runId: z.string().optional(),
      year: z.number().int().optional(),
    })
    .optional(),
});

export type CampaignAudience = z.infer<typeof CampaignAudienceSchema>;

/** Every campaign before #13: the district's teachers. */
export const TEACHERS_AUDIENCE: CampaignAudience = { roles: ["teacher"], schoolIds: null };

/** The stored JSON (null before #13) as an audience; a malformed value is an error, never "everyone". */
export function parseAudience(raw: unknown): CampaignAudience {
  if (raw === null || raw === undefined) return TEACHERS_AUDIENCE;
  return CampaignAudienceSchema.parse(raw);
}

/** Whether a member answers a campaign as this membership: an active one of the district, an asked role and school. */
export function membershipInAudience(audience: CampaignAudience, districtId: string, membership: MembershipView): boolean {
  if (!membership.active || membership.districtId !== districtId) return false;
  if (!(audience.roles as readonly string[]).includes(membership.role)) return false;
  if (audience.schoolIds === null) return membership.schoolId !== null;
  return membership.schoolId !== null && audience.schoolIds.includes(membership.schoolId);
}

/** Whether a school is asked at all. */
export const schoolInAudience = (audience: CampaignAudience, schoolId: string): boolean =>
  audience.schoolIds === null || audience.schoolIds.includes(schoolId);

export const asksAnonymous = (audience: CampaignAudience): boolean =>
  audience.roles.some((role: Respondent) => role === "parent" || role === "student");
