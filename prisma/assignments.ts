// Prisma implementation of core/services/assignments-ports.ts (#15).
import type { AssignmentsRepository } from "../core/services/assignments-ports.ts";
import type { PrismaClient } from "./db.ts";

export class PrismaAssignmentsRepository implements AssignmentsRepository {
  constructor(private readonly prisma: PrismaClient) {}
}
