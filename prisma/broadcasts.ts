import type { BroadcastsRepository } from "../core/services/broadcasts-ports.ts";
import type { PrismaClient } from "./db.ts";

export class PrismaBroadcastsRepository implements BroadcastsRepository {
  constructor(readonly prisma: PrismaClient) {}
}
