// Prisma implementation of core/services/library-ports.ts (#15).
import type { LibraryRepository } from "../core/services/library-ports.ts";
import type { PrismaClient } from "./db.ts";

export class PrismaLibraryRepository implements LibraryRepository {
  constructor(private readonly prisma: PrismaClient) {}
}
