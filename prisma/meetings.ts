// Prisma implementation of core/services/meetings-ports.ts (#15).
import type { MeetingsRepository } from "../core/services/meetings-ports.ts";
import type { PrismaClient } from "./db.ts";

export class PrismaMeetingsRepository implements MeetingsRepository {
  constructor(private readonly prisma: PrismaClient) {}
}
