// The #15 context (core/services/network-context.ts) over one Prisma client and the file store.
import type { FileStore } from "../core/services/file-store-ports.ts";
import type { NetworkContext } from "../core/services/network-context.ts";
import type { PrismaClient } from "./db.ts";
import { PrismaRecipientsRepository } from "./recipients.ts";
import { PrismaAssignmentsRepository } from "./assignments.ts";
import { PrismaVisitsRepository } from "./visits.ts";
import { PrismaSeminarsRepository } from "./seminars.ts";
import { PrismaLibraryRepository } from "./library.ts";
import { PrismaProgrammesRepository } from "./programmes.ts";
import { PrismaMeetingsRepository } from "./meetings.ts";
import { PrismaAtRiskRepository } from "./at-risk.ts";
import { PrismaReserveRepository } from "./reserve.ts";

export function networkContext(prisma: PrismaClient, files: FileStore): NetworkContext {
  return {
    recipients: new PrismaRecipientsRepository(prisma),
    files,
    assignments: new PrismaAssignmentsRepository(prisma),
    visits: new PrismaVisitsRepository(prisma),
    seminars: new PrismaSeminarsRepository(prisma),
    library: new PrismaLibraryRepository(prisma),
    programmes: new PrismaProgrammesRepository(prisma),
    meetings: new PrismaMeetingsRepository(prisma),
    atRisk: new PrismaAtRiskRepository(prisma),
    reserve: new PrismaReserveRepository(prisma),
  };
}
