// The #14 context (core/services/management-context.ts) over one Prisma client and a file store.
import type { FileStore } from "../core/services/file-store-ports.ts";
import type { ManagementContext } from "../core/services/management-context.ts";
import type { PrismaClient } from "./db.ts";
import { PrismaBroadcastsRepository } from "./broadcasts.ts";
import { PrismaCalendarRepository } from "./calendar.ts";
import { PrismaDecisionsRepository } from "./decisions.ts";
import { PrismaRecipientsRepository } from "./recipients.ts";
import { PrismaRecommendationsRepository } from "./recommendations.ts";
import { PrismaReportsRepository } from "./reports.ts";
import { PrismaRoadmapsRepository } from "./roadmaps.ts";

export function managementContext(prisma: PrismaClient, files: FileStore): ManagementContext {
  return {
    recipients: new PrismaRecipientsRepository(prisma),
    files,
    recommendations: new PrismaRecommendationsRepository(prisma),
    roadmaps: new PrismaRoadmapsRepository(prisma),
    decisions: new PrismaDecisionsRepository(prisma),
    calendar: new PrismaCalendarRepository(prisma),
    broadcasts: new PrismaBroadcastsRepository(prisma),
    reports: new PrismaReportsRepository(prisma),
  };
}
