import type { DecisionsRepository } from "../core/services/decisions-ports.ts";
import type { PrismaClient } from "./db.ts";

export class PrismaDecisionsRepository implements DecisionsRepository {
  constructor(readonly prisma: PrismaClient) {}
}
