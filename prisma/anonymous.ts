import type { AnonymousRepository } from "../core/services/anonymous-ports.ts";
import type { PrismaClient } from "./db.ts";

export class PrismaAnonymousRepository implements AnonymousRepository {
  constructor(private readonly prisma: PrismaClient) {}
}
