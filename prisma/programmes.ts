// Prisma implementation of core/services/programmes-ports.ts (#15).
import type { ProgrammesRepository } from "../core/services/programmes-ports.ts";
import type { PrismaClient } from "./db.ts";

export class PrismaProgrammesRepository implements ProgrammesRepository {
  constructor(private readonly prisma: PrismaClient) {}
}
