// The #13 repositories over one Prisma client (core/services/surveys-context.ts).
import type { SurveysContext } from "../core/services/surveys-context.ts";
import { PrismaAnonymousRepository } from "./anonymous.ts";
import { PrismaBaselineRepository } from "./baseline.ts";
import { PrismaIndicatorsRepository } from "./indicators.ts";
import type { PrismaClient } from "./db.ts";
import { PrismaRiskProfileRepository } from "./risk-profile.ts";
import { PrismaRoutesRepository } from "./routes.ts";
import { PrismaSurveyStore } from "./survey.ts";

export function surveysContext(prisma: PrismaClient): SurveysContext {
  return {
    store: new PrismaSurveyStore(prisma),
    anonymous: new PrismaAnonymousRepository(prisma),
    risk: new PrismaRiskProfileRepository(prisma),
    routes: new PrismaRoutesRepository(prisma),
    baseline: new PrismaBaselineRepository(prisma),
    indicators: new PrismaIndicatorsRepository(prisma),
  };
}
