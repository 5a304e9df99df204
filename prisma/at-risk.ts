// Prisma implementation of core/services/at-risk-ports.ts (#15).
import type { AtRiskRepository } from "../core/services/at-risk-ports.ts";
import type { PrismaClient } from "./db.ts";

export class PrismaAtRiskRepository implements AtRiskRepository {
  constructor(private readonly prisma: PrismaClient) {}
}
