import type { BaselineRepository } from "../core/services/baseline-ports.ts";
import type { PrismaClient } from "./db.ts";

export class PrismaBaselineRepository implements BaselineRepository {
  constructor(private readonly prisma: PrismaClient) {}
}
