// Prisma implementation of core/services/visits-ports.ts (#15).
import type { VisitsRepository } from "../core/services/visits-ports.ts";
import type { PrismaClient } from "./db.ts";

export class PrismaVisitsRepository implements VisitsRepository {
  constructor(private readonly prisma: PrismaClient) {}
}
