// The admin CLI's commands: the operator's commands of core/services/admin-commands.ts (option
// schemas, use cases run as the trusted operator) over the database's repositories. Printing, files
// and the process (config, opening and closing the database) live in cli/main.ts; tests call these
// directly.
import { randomBytes } from "node:crypto";
import { AdminError } from "../core/services/admin.ts";
import { PrismaAdminRepository } from "../prisma/admin.ts";
import { PrismaIdentificationRepository } from "../prisma/identification.ts";
import type { CampaignContext } from "../core/services/campaigns.ts";
import type { PrismaClient } from "../prisma/db.ts";
import { PrismaRepository } from "../prisma/repository.ts";

export {
  ADMIN_COMMANDS as registry,
  campaignClose,
  campaignList,
  campaignOpen,
  campaignRatesCommand,
  DEFAULT_CAMPAIGN_TITLE,
  districtCreate,
  districtList,
  districtOperator,
  importXlsx,
  instrumentExport,
  instrumentImport,
  instrumentList,
  inviteCreate,
  inviteList,
  inviteRevoke,
  inviteSheetCommand as inviteSheet,
  memberAddSchool,
  memberDeactivate,
  memberList,
  memberMove,
  schoolAdd,
  schoolList,
  summaryExport,
  type CommandName,
} from "../core/services/admin-commands.ts";
export type { CampaignStatus } from "../core/services/campaigns.ts";
export { CAMPAIGN_INSTRUMENT_KEYS } from "../core/services/campaigns.ts";
export type { InviteBots, InviteLinks, InviteStatus } from "../core/services/invites.ts";
export { canonicalTimeZone } from "../core/services/districts.ts";
export { formatLocal, zonedMidnight } from "../core/services/admin.ts";

/** A problem for the operator: `invalid` input exits with 2, `not_found` (and `forbidden`) with 1. */
export { AdminError as CliError };

/** The admin context, and the identification store (a campaign's schools from a cluster or a list). */
export type CliContext = CampaignContext;

export function cliContext(prisma: PrismaClient, overrides: Partial<CliContext> = {}): CliContext {
  return {
    admin: new PrismaAdminRepository(prisma),
    repo: new PrismaRepository(prisma),
    ident: new PrismaIdentificationRepository(prisma),
    clock: { now: () => new Date() },
    randomBytes: (size) => randomBytes(size),
    ...overrides,
  };
}
