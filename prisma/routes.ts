import type { RoutesRepository } from "../core/services/routes-ports.ts";
import type { PrismaClient } from "./db.ts";

export class PrismaRoutesRepository implements RoutesRepository {
  constructor(private readonly prisma: PrismaClient) {}
}
