import { z } from "zod";

/**
 * A questionnaire as data (STYLE.md: adding a question never means writing bot code).
 * Answers are integers from the instrument's scale; `reverse` marks questions where agreement
 * means a deficit (for example burnout statements).
 */
const id = z.string().regex(/^[a-z0-9_]{1,32}$/, "латинские строчные буквы, цифры и _, до 32 символов");

export const ScaleOptionSchema = z.object({
  value: z.number().int(),
  label: z.string().min(1).max(40),
});

export const AreaSchema = z.object({
  id,
  title: z.string().min(1),
  /** Explanation shown to a teacher whose deficit in the area is notable. */
  advice: z.string().min(1),
});

export const QuestionSchema = z.object({
  id,
  areaId: id,
  text: z.string().min(1).max(600),
  reverse: z.boolean().default(false),
  /** Branching: show only when an earlier question has one of these answers. */
  showIf: z.object({ questionId: id, values: z.array(z.number().int()).min(1) }).optional(),
});

export const InstrumentSchema = z
  .object({
    key: id,
    version: z.number().int().positive(),
    title: z.string().min(1),
    status: z.enum(["draft", "approved"]),
    intro: z.string().min(1),
    scale: z.array(ScaleOptionSchema).min(2).max(7),
    areas: z.array(AreaSchema).min(1),
    questions: z.array(QuestionSchema).min(1),
  })
  .superRefine((instrument, ctx) => {
    const areaIds = new Set(instrument.areas.map((area) => area.id));
    const seen = new Set<string>();
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
      if (question.showIf && !seen.has(question.showIf.questionId)) {
        ctx.addIssue({
          code: "custom",
          path: ["questions", index, "showIf"],
          message: `условие ссылается на вопрос ${question.showIf.questionId}, которого нет выше`,
        });
      }
      seen.add(question.id);
    });
    for (const area of instrument.areas) {
      if (!instrument.questions.some((question) => question.areaId === area.id)) {
        ctx.addIssue({ code: "custom", path: ["areas"], message: `в области ${area.id} нет вопросов` });
      }
    }
  });

export type Instrument = z.infer<typeof InstrumentSchema>;
export type Question = z.infer<typeof QuestionSchema>;
export type Area = z.infer<typeof AreaSchema>;
export type ScaleOption = z.infer<typeof ScaleOptionSchema>;

export const scaleBounds = (instrument: Instrument) => {
  const values = instrument.scale.map((option) => option.value);
  return { min: Math.min(...values), max: Math.max(...values) };
};
