import { z } from "zod";

/**
 * Methodology constants in one versioned object (STYLE.md): change them here or per district,
 * never as literals in code.
 */
export const MethodologySettingsSchema = z.object({
  version: z.string().min(1),
  /** Минимальное число респондентов: below it school aggregates are hidden (DOMAIN.md §4). */
  minRespondents: z.number().int().min(3).max(100),
  /**
   * Шаг публикации: a shown aggregate changes only after at least this many new respondents
   * (core/release/rules.ts), so that two readings cannot be subtracted to find one teacher.
   */
  releaseStep: z.number().int().min(1).max(100),
  /** Deficit level (0–100) from which an area counts as a pronounced deficit. */
  pronouncedDeficit: z.number().min(0).max(100),
  /** Deficit level (0–100) from which an area counts as a moderate deficit. */
  moderateDeficit: z.number().min(0).max(100),
});
export type MethodologySettings = z.infer<typeof MethodologySettingsSchema>;

export const DEFAULT_METHODOLOGY: MethodologySettings = MethodologySettingsSchema.parse({
  version: "2026.1",
  minRespondents: 5,
  releaseStep: 3,
  pronouncedDeficit: 50,
  moderateDeficit: 25,
});
