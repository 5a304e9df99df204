// What the #13 use cases need besides the foundation's repositories: one object the bots, the API
// and the CLI get from prisma/surveys.ts surveysContext().
import type { AnonymousRepository } from "./anonymous-ports.ts";
import type { BaselineRepository } from "./baseline-ports.ts";
import type { IndicatorsRepository } from "./indicators-ports.ts";
import type { RiskProfileRepository } from "./risk-profile-ports.ts";
import type { RoutesRepository } from "./routes-ports.ts";
import type { SurveyStore } from "./survey-ports.ts";

export interface SurveysContext {
  store: SurveyStore;
  anonymous: AnonymousRepository;
  risk: RiskProfileRepository;
  routes: RoutesRepository;
  baseline: BaselineRepository;
  indicators: IndicatorsRepository;
}
