import type { Instrument } from "../instruments/schema.ts";

/**
 * Areas that branching can hide from part of the teachers: every question of the area has a
 * `showIf`, so a respondent may never see it. Such an area's figure needs the minimum among those
 * who saw it (core/release/rules.ts), and in a small school it will often stay hidden. Returned as
 * Russian warnings for `instrument import`, one per area.
 */
export function branchingWarnings(instrument: Instrument, minRespondents: number): string[] {
  const warnings: string[] = [];
  for (const area of instrument.areas) {
    const questions = instrument.questions.filter((question) => question.areaId === area.id);
    if (questions.length === 0 || questions.some((question) => !question.showIf)) continue;
    const conditions = [...new Set(questions.map((question) => question.showIf!.questionId))].join(", ");
    warnings.push(
      `areas.${area.id}: все вопросы области «${area.title}» показываются по условию (${conditions}) — ` +
        `её увидит только часть педагогов. Цифры области показываются, когда её увидели не меньше ${minRespondents} ` +
        "педагогов школы; в небольшой школе она, скорее всего, останется скрытой. Добавьте в область вопрос без условия, если она нужна всем.",
    );
  }
  return warnings;
}
