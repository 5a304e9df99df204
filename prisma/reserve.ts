// Prisma implementation of core/services/reserve-ports.ts (#15).
import type { ReserveRepository } from "../core/services/reserve-ports.ts";
import type { PrismaClient } from "./db.ts";

export class PrismaReserveRepository implements ReserveRepository {
  constructor(private readonly prisma: PrismaClient) {}
}
