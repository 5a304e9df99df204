import type { ReportsRepository } from "../core/services/reports-ports.ts";
import type { PrismaClient } from "./db.ts";

export class PrismaReportsRepository implements ReportsRepository {
  constructor(readonly prisma: PrismaClient) {}
}
