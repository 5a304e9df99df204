import type { RecommendationsRepository } from "../core/services/recommendations-ports.ts";
import type { PrismaClient } from "./db.ts";

export class PrismaRecommendationsRepository implements RecommendationsRepository {
  constructor(readonly prisma: PrismaClient) {}
}
