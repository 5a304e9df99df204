import type { MethodologySettings } from "../methodology/settings.ts";
import { scaleBounds, type Instrument } from "../instruments/schema.ts";
import { effectiveAnswers, type Answers } from "../survey/runner.ts";

/**
 * Профиль профессиональных дефицитов педагога. A deficit of 0 means "fully confident in the area",
 * 100 means "no competence claimed": deficit = (max − mean score) / (max − min) × 100,
 * with reverse questions (burnout statements) flipped first.
 */
export type DeficitLevel = "pronounced" | "moderate" | "none";

export interface AreaDeficit {
  areaId: string;
  title: string;
  deficit: number;
  level: DeficitLevel;
  advice: string;
  answered: number;
}

export interface DeficitProfile {
  instrumentKey: string;
  instrumentVersion: number;
  /** Areas ranked from the largest deficit down. */
  areas: AreaDeficit[];
}

export const deficitLevel = (deficit: number, settings: MethodologySettings): DeficitLevel =>
  deficit >= settings.pronouncedDeficit ? "pronounced" : deficit >= settings.moderateDeficit ? "moderate" : "none";

const round1 = (value: number) => Math.round(value * 10) / 10;

export function deficitProfile(instrument: Instrument, rawAnswers: Answers, settings: MethodologySettings): DeficitProfile {
  const answers = effectiveAnswers(instrument, rawAnswers);
  const { min, max } = scaleBounds(instrument);
  const areas = instrument.areas
    .map((area): AreaDeficit | null => {
      const scores = instrument.questions
        .filter((question) => question.areaId === area.id && answers.has(question.id))
        .map((question) => {
          const value = answers.get(question.id)!;
          return question.reverse ? max + min - value : value;
        });
      if (scores.length === 0) return null;
      const mean = scores.reduce((sum, value) => sum + value, 0) / scores.length;
      const deficit = round1(((max - mean) / (max - min)) * 100);
      return {
        areaId: area.id,
        title: area.title,
        deficit,
        level: deficitLevel(deficit, settings),
        advice: area.advice,
        answered: scores.length,
      };
    })
    .filter((area): area is AreaDeficit => area !== null)
    .sort((a, b) => b.deficit - a.deficit || a.title.localeCompare(b.title, "ru"));
  return { instrumentKey: instrument.key, instrumentVersion: instrument.version, areas };
}
