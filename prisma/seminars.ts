// Prisma implementation of core/services/seminars-ports.ts (#15).
import type { SeminarsRepository } from "../core/services/seminars-ports.ts";
import type { PrismaClient } from "./db.ts";

export class PrismaSeminarsRepository implements SeminarsRepository {
  constructor(private readonly prisma: PrismaClient) {}
}
