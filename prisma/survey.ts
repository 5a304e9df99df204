import type { SurveyStore } from "../core/services/survey-ports.ts";
import type { PrismaClient } from "./db.ts";

// H1 (survey store) replaces these with the implementation.
const todo = (): never => {
  throw new Error("PrismaSurveyStore: not built yet");
};

export class PrismaSurveyStore implements SurveyStore {
  constructor(private readonly prisma: PrismaClient) {}
  getCampaign = todo;
  openCampaignsFor = todo;
  getResponse = todo;
  saveAnswer = todo;
  setCursor = todo;
  completedResponses = todo;
}
