import type { Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { isRequired, offersUnsure, questionType, type Instrument, type Question } from "../../../core/instruments/schema.ts";
import { AnswerValueSchema, type AnswerValue } from "../../../core/survey/answers.ts";
import { answerButtons, answerHint } from "../../../core/survey/runner.ts";
import { openSurveysFor, saveAnswers, surveyView, type SurveyView, type SurveyWho } from "../../../core/services/survey.ts";
import type { SurveyCampaign } from "../../../core/services/survey-ports.ts";
import type { PersonView } from "../../../core/services/ports.ts";
import type { ApiDeps } from "../app.ts";
import { apiText } from "../messages.ts";

type Env = { Variables: { person: PersonView } };

/** Russian texts of these routes (the Mini App shows them as they are). */
export const surveyApiText = {
  notFound: "Такой анкеты нет.",
  closed: "Анкета закрыта: ответы больше не принимаются.",
  notYetOpen: "Анкета ещё не открыта: ответы начнут принимать позже, бот пришлёт сообщение.",
  notInAudience: "Эта анкета не для вас: её заполняют другие участники.",
  badAnswers: "Ответы не прочитаны: обновите страницу и попробуйте ещё раз.",
} as const;

const idPattern = /^[a-z0-9]{1,40}$/;
const questionIdPattern = /^[a-z0-9_]{1,32}$/;

/** A page of answers (or one): at most every question of the longest instrument, and the finish flag. */
const SaveBody = z.object({
  answers: z.record(z.string().regex(questionIdPattern), AnswerValueSchema).refine((answers) => Object.keys(answers).length <= 500),
  finish: z.boolean().default(false),
});

/** A question as the form draws it: the scale, the yes/no and choice options already resolved. */
export interface FormQuestion {
  id: string;
  areaId: string;
  type: ReturnType<typeof questionType>;
  text: string;
  help: string | null;
  required: boolean;
  unsure: boolean;
  /** Options to pick (Likert scale, choice options, «Да»/«Нет»); null for number and text. */
  options: Array<{ value: number; label: string }> | null;
  multiple: boolean;
  minPicks: number | null;
  maxPicks: number | null;
  /** How to answer (picks, bounds, length) in Russian, or null. */
  hint: string | null;
  showIf: { questionId: string; values?: number[]; yes?: boolean } | null;
  number: { min: number; max: number; integer: boolean; unit: string | null } | null;
  maxLength: number | null;
}

export function formQuestion(instrument: Instrument, question: Question): FormQuestion {
  const buttons = answerButtons(instrument, question);
  return {
    id: question.id,
    areaId: question.areaId,
    type: questionType(question),
    text: question.text,
    help: question.help ?? null,
    required: isRequired(question),
    unsure: offersUnsure(question),
    options: buttons ? buttons.options.map(({ value, label }) => ({ value, label })) : null,
    multiple: buttons?.multiple ?? false,
    minPicks: question.type === "multiple" ? (question.minPicks ?? 1) : null,
    maxPicks: question.type === "multiple" ? (question.maxPicks ?? question.options.length) : null,
    hint: answerHint(question),
    showIf: question.showIf ? { ...question.showIf } : null,
    number: question.type === "number" ? { min: question.min, max: question.max, integer: question.integer, unit: question.unit ?? null } : null,
    maxLength: question.type === "text" ? question.maxLength : null,
  };
}

const campaignSummary = (campaign: SurveyCampaign) => ({
  id: campaign.id,
  title: campaign.title,
  instrumentTitle: campaign.instrument.title,
  closesAt: campaign.closesAt.toISOString(),
});

/**
 * The Mini App's form (#13, H5): my open surveys, one survey's questions with my own saved answers, and
 * saving a page of answers (and finishing). Everything goes through core/services/survey.ts as the
 * chat does, with `who = the signed-in person` and source "app", so a form begun in the app continues
 * in chat and back (the same rows). The person is always the one of the signed init data: no route
 * takes a person or response id, so nobody's answers but one's own can be read or written.
 */
export function registerSurveyRoutes(app: Hono<Env>, deps: ApiDeps) {
  const service = () => ({ surveys: deps.surveys, clock: deps.clock });
  const who = (c: Context<Env>): SurveyWho => ({ kind: "person", person: c.get("person") });

  const campaignParam = (c: Context<Env>) => {
    const value = c.req.param("campaignId");
    return value && idPattern.test(value) ? value : null;
  };

  /**
   * A view that refuses: an unknown campaign or one of a district the person is not in is "not found"
   * (its existence is not told), a closed one 409, one the person is not asked 403.
   */
  const refusal = (c: Context<Env>, view: SurveyView) => {
    const districts = new Set(c.get("person").memberships.filter((m) => m.active).map((m) => m.districtId));
    if (view.kind === "closed" || view.kind === "not_in_audience") {
      if (!view.campaign || !districts.has(view.campaign.districtId)) {
        return c.json({ error: "not_found", message: surveyApiText.notFound }, 404);
      }
      if (view.kind === "closed" && view.campaign.opensAt > deps.clock.now() && !view.campaign.closedAt && !view.campaign.baseline) {
        return c.json({ error: "survey_not_open", message: surveyApiText.notYetOpen }, 409);
      }
      return view.kind === "closed"
        ? c.json({ error: "survey_closed", message: surveyApiText.closed }, 409)
        : c.json({ error: "forbidden", message: surveyApiText.notInAudience }, 403);
    }
    return null;
  };

  /**
   * My saved answers (only mine: the respondent is always the signed-in person), question id → answer,
   * and whether my response is complete (a response with every answer but never sent is not).
   */
  const state = async (c: Context<Env>, campaignId: string, view: SurveyView) => {
    const response = await deps.surveys.store.getResponse(campaignId, { kind: "person", personId: c.get("person").id });
    return {
      answers: response ? Object.fromEntries(response.answers) : ({} as Record<string, AnswerValue>),
      completed: response?.completedAt != null,
      /** Where the chat would continue: the first question still waiting (or after "back", the cursor's). */
      currentQuestionId: view.kind === "question" ? view.position.question.id : null,
      progress: view.kind === "question" ? { answered: view.position.answered, total: view.position.total } : null,
    };
  };

  app.get("/api/me/surveys", async (c) => {
    const rows = await openSurveysFor(service(), c.get("person"));
    return c.json({
      surveys: rows.map((row) => ({
        ...campaignSummary(row.campaign),
        answered: row.answered,
        total: row.total,
        completed: row.completed,
      })),
    });
  });

  app.get("/api/surveys/:campaignId", async (c) => {
    const campaignId = campaignParam(c);
    if (!campaignId) return c.json({ error: "bad_request", message: apiText.badRequest }, 400);
    const view = await surveyView(service(), campaignId, who(c));
    const refused = refusal(c, view);
    if (refused) return refused;
    const campaign = (view as Exclude<SurveyView, { kind: "closed" | "not_in_audience" }>).campaign;
    const instrument = campaign.instrument;
    return c.json({
      campaign: { ...campaignSummary(campaign), intro: instrument.intro },
      /** The signed-in person's own id: the form keys answers not yet sent (weak internet) by it on the phone. */
      personId: c.get("person").id,
      areas: instrument.areas.filter((area) => instrument.questions.some((q) => q.areaId === area.id)).map(({ id, title }) => ({ id, title })),
      questions: instrument.questions.map((question) => formQuestion(instrument, question)),
      ...(await state(c, campaignId, view)),
    });
  });

  /**
   * Saves the valid answers given (a page, or one question as the person leaves it) and answers with a
   * Russian problem per invalid one; `finish` completes the response only when every shown required
   * question is answered. Safe to repeat after a lost answer: the same answers are saved again.
   */
  app.put("/api/surveys/:campaignId/answers", bodyLimit({ maxSize: 256 * 1024, onError: (c) => c.json({ error: "bad_request", message: surveyApiText.badAnswers }, 413) }), async (c) => {
    const campaignId = campaignParam(c);
    if (!campaignId) return c.json({ error: "bad_request", message: apiText.badRequest }, 400);
    const parsed = SaveBody.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: "bad_request", message: surveyApiText.badAnswers }, 400);
    const result = await saveAnswers(service(), campaignId, who(c), parsed.data.answers, "app", parsed.data.finish);
    const refused = refusal(c, result.view);
    if (refused) return refused;
    return c.json({ problems: result.problems, ...(await state(c, campaignId, result.view)) });
  });
}
