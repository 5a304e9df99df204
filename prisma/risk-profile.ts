import type { RiskProfileRepository } from "../core/services/risk-profile-ports.ts";
import type { PrismaClient } from "./db.ts";

export class PrismaRiskProfileRepository implements RiskProfileRepository {
  constructor(private readonly prisma: PrismaClient) {}
}
