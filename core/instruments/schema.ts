import { z } from "zod";

/**
 * A questionnaire as data (STYLE.md: adding a question never means writing bot code).
 *
 * Question types (`type`; absent means "likert", so every instrument written before the types
 * existed parses to exactly the same object as before):
 * - likert: the instrument's `scale`; `reverse` marks questions where agreement means a deficit
 *   (for example burnout statements);
 * - single: one of `options` (integer values with labels);
 * - multiple: a set of `options`, from `minPicks` to `maxPicks` of them;
 * - yesno: «Да» (stored as 1) or «Нет» (stored as 0);
 * - number: an integer or a decimal between `min` and `max`, with an optional `unit`;
 * - text: a short text of at most `maxLength` characters.
 * Choice, Likert and yes/no questions may offer «Затрудняюсь ответить» (`unsure: true`), stored
 * distinctly and left out of means. A question is required unless `required: false`; an optional
 * one can be skipped. `showIf` shows a question only after a matching answer to an earlier one.
 */
export const RESPONDENTS = ["teacher", "head", "mentor", "parent", "student"] as const;
export type Respondent = (typeof RESPONDENTS)[number];
/** Parents and students answer anonymously with a class code; the others as members. */
export const ANONYMOUS_RESPONDENTS: readonly Respondent[] = ["parent", "student"];
export const respondentOf = (instrument: { respondent?: Respondent | undefined }): Respondent => instrument.respondent ?? "teacher";

const id = z.string().regex(/^[a-z0-9_]{1,32}$/, "латинские строчные буквы, цифры и _, до 32 символов");

export const ScaleOptionSchema = z.object({
  value: z.number().int(),
  label: z.string().min(1).max(40),
});

/** An option of a single or multiple choice question (longer labels than the scale's). */
export const ChoiceOptionSchema = z.object({
  value: z.number().int(),
  label: z.string().min(1).max(100),
});

export const AreaSchema = z.object({
  id,
  title: z.string().min(1),
  /** Explanation shown to a teacher whose deficit in the area is notable. */
  advice: z.string().min(1),
});

/**
 * Branching: show only when an earlier question has one of `values` (Likert, single choice), has
 * any of `values` among its picks (multiple choice), or was answered «Да» (`yes: true`) or «Нет»
 * (`yes: false`) (yes/no). Exactly one of `values` and `yes`.
 */
export const ShowIfSchema = z
  .object({
    questionId: id,
    values: z.array(z.number().int()).min(1).optional(),
    yes: z.boolean().optional(),
  })
  .refine((showIf) => (showIf.values === undefined) !== (showIf.yes === undefined), {
    message: "в условии нужно одно из двух: values (значения ответа) или yes (для вопроса «да/нет»)",
  });

const base = {
  id,
  areaId: id,
  text: z.string().min(1).max(600),
  /** A hint under the question (what is meant, where to look the figure up). */
  help: z.string().min(1).max(600).optional(),
  /** Absent or true: the question must be answered; false: it can be skipped. */
  required: z.boolean().optional(),
  reverse: z.boolean().default(false),
  showIf: ShowIfSchema.optional(),
};

/** Offers «Затрудняюсь ответить» (choice, Likert and yes/no questions). */
const unsure = z.boolean().optional();

export const LikertQuestionSchema = z.object({ ...base, type: z.literal("likert").optional(), unsure });
export const SingleQuestionSchema = z.object({
  ...base,
  type: z.literal("single"),
  options: z.array(ChoiceOptionSchema).min(2).max(20),
  unsure,
});
export const MultipleQuestionSchema = z.object({
  ...base,
  type: z.literal("multiple"),
  options: z.array(ChoiceOptionSchema).min(2).max(20),
  /** At least this many picks (default 1; 0 lets "none of these" be an answer). */
  minPicks: z.number().int().min(0).optional(),
  /** At most this many picks (default: all options). */
  maxPicks: z.number().int().min(1).optional(),
  unsure,
});
export const YesNoQuestionSchema = z.object({ ...base, type: z.literal("yesno"), unsure });
export const NumberQuestionSchema = z.object({
  ...base,
  type: z.literal("number"),
  integer: z.boolean().default(true),
  min: z.number(),
  max: z.number(),
  unit: z.string().min(1).max(20).optional(),
});
export const TextQuestionSchema = z.object({
  ...base,
  type: z.literal("text"),
  maxLength: z.number().int().min(1).max(2000).default(500),
});

export const QuestionSchema = z.discriminatedUnion("type", [
  LikertQuestionSchema,
  SingleQuestionSchema,
  MultipleQuestionSchema,
  YesNoQuestionSchema,
  NumberQuestionSchema,
  TextQuestionSchema,
]);

export type Question = z.infer<typeof QuestionSchema>;
export type QuestionType = "likert" | "single" | "multiple" | "yesno" | "number" | "text";
export type LikertQuestion = z.infer<typeof LikertQuestionSchema>;
export type SingleQuestion = z.infer<typeof SingleQuestionSchema>;
export type MultipleQuestion = z.infer<typeof MultipleQuestionSchema>;
export type YesNoQuestion = z.infer<typeof YesNoQuestionSchema>;
export type NumberQuestion = z.infer<typeof NumberQuestionSchema>;
export type TextQuestion = z.infer<typeof TextQuestionSchema>;
export type ShowIf = z.infer<typeof ShowIfSchema>;

/** The question's type: an absent `type` is a Likert question on the instrument's scale. */
export const questionType = (question: Question): QuestionType => question.type ?? "likert";
export const isRequired = (question: Question): boolean => question.required !== false;
/** Whether the question offers «Затрудняюсь ответить». */
export const offersUnsure = (question: Question): boolean => "unsure" in question && question.unsure === true;
/** Yes/no answers as stored integers. */
export const YES = 1;
export const NO = 0;

function checkQuestion(question: Question, index: number, ctx: z.RefinementCtx, earlier: Map<string, Question>) {
  const path = (...rest: PropertyKey[]) => ["questions", index, ...rest];
  const issue = (message: string, ...rest: PropertyKey[]) => ctx.addIssue({ code: "custom", path: path(...rest), message });
  const type = questionType(question);
  if (question.reverse && type !== "likert") issue("reverse бывает только у вопроса по шкале (likert)", "reverse");
  if (question.type === "single" || question.type === "multiple") {
    const values = new Set(question.options.map((option) => option.value));
    if (values.size !== question.options.length) issue("значения вариантов повторяются", "options");
  }
  if (question.type === "multiple") {
    const min = question.minPicks ?? 1;
    const max = question.maxPicks ?? question.options.length;
    if (max > question.options.length) issue(`maxPicks больше числа вариантов (${question.options.length})`, "maxPicks");
    if (min > max) issue("minPicks больше maxPicks", "minPicks");
  }
  if (question.type === "number") {
    if (question.min > question.max) issue("min больше max", "min");
    if (question.integer && (!Number.isInteger(question.min) || !Number.isInteger(question.max))) {
      issue("у целого числа границы min и max тоже целые", "min");
    }
  }
  const showIf = question.showIf;
  if (!showIf) return;
  const target = earlier.get(showIf.questionId);
  if (!target) {
    issue(`условие ссылается на вопрос ${showIf.questionId}, которого нет выше`, "showIf");
    return;
  }
  const targetType = questionType(target);
  if (targetType === "number" || targetType === "text") {
    issue(`условие можно ставить только на вопрос с вариантами ответа, а ${showIf.questionId} — ${targetType}`, "showIf");
  } else if (targetType === "yesno") {
    if (showIf.yes === undefined) issue(`вопрос ${showIf.questionId} — «да/нет»: в условии нужно yes: true или yes: false`, "showIf");
  } else if (showIf.values === undefined) {
    issue(`в условии на вопрос ${showIf.questionId} нужны values (значения ответа), а не yes`, "showIf");
  } else if (target.type === "single" || target.type === "multiple") {
    // A Likert condition is not checked against the scale: instruments stored before the types existed must still parse.
    const known = new Set(target.options.map((option) => option.value));
    const unknown = showIf.values.filter((value) => !known.has(value));
    if (unknown.length) issue(`в условии значения ${unknown.join(", ")}, которых нет среди вариантов вопроса ${showIf.questionId}`, "showIf");
  }
}

export const InstrumentSchema = z
  .object({
    key: id,
    version: z.number().int().positive(),
    title: z.string().min(1),
    status: z.enum(["draft", "approved"]),
    /**
     * Who answers (#13): teachers (absent: every instrument before #13), the school's head for the
     * school (the self-analysis card: one response per school), a mentor (the visit report), or
     * anonymous parents and students with a class code.
     */
    respondent: z.enum(RESPONDENTS).optional(),
    intro: z.string().min(1),
    scale: z.array(ScaleOptionSchema).min(2).max(7),
    areas: z.array(AreaSchema).min(1),
    questions: z.array(QuestionSchema).min(1),
  })
  .superRefine((instrument, ctx) => {
    const areaIds = new Set(instrument.areas.map((area) => area.id));
    const seen = new Map<string, Question>();
    const values = new Set(instrument.scale.map((option) => option.value));
    if (values.size !== instrument.scale.length) {
      ctx.addIssue({ code: "custom", path: ["scale"], message: "значения шкалы повторяются" });
    }
    instrument.questions.forEach((question, index) => {
      if (seen.has(question.id)) {
        ctx.addIssue({ code: "custom", path: ["questions", index, "id"], message: `вопрос ${question.id} повторяется` });
      }
      if (!areaIds.has(question.areaId)) {
        ctx.addIssue({ code: "custom", path: ["questions", index, "areaId"], message: `нет области ${question.areaId}` });
      }
      checkQuestion(question, index, ctx, seen);
      if (!seen.has(question.id)) seen.set(question.id, question);
    });
    for (const area of instrument.areas) {
      if (!instrument.questions.some((question) => question.areaId === area.id)) {
        ctx.addIssue({ code: "custom", path: ["areas"], message: `в области ${area.id} нет вопросов` });
      }
    }
  });

export type Instrument = z.infer<typeof InstrumentSchema>;
export type Area = z.infer<typeof AreaSchema>;
export type ScaleOption = z.infer<typeof ScaleOptionSchema>;
export type ChoiceOption = z.infer<typeof ChoiceOptionSchema>;

/**
 * Question features the teacher diagnostic's bot screens and deficit profile do not handle yet
 * (anything but a required Likert question without «затрудняюсь ответить»), one Russian line per
 * question. Until they do, an edited diagnostic with any of these must not be imported.
 */
export function featuresBeyondLikert(instrument: Instrument): string[] {
  return instrument.questions.flatMap((question, index) => {
    const features = [
      questionType(question) !== "likert" ? `тип ${questionType(question)}` : null,
      !isRequired(question) ? "необязательный" : null,
      offersUnsure(question) ? "«затрудняюсь ответить»" : null,
    ].filter((feature): feature is string => feature !== null);
    return features.length
      ? [`questions[${index}] (вопрос ${question.id}): ${features.join(", ")} — диагностика педагога пока принимает только обязательные вопросы по шкале`]
      : [];
  });
}

export const scaleBounds = (instrument: Instrument) => {
  const values = instrument.scale.map((option) => option.value);
  return { min: Math.min(...values), max: Math.max(...values) };
};
