import type { Bounded } from "../release/rules.ts";
import type { DeficitLevel } from "../diagnostic/profile.ts";

/** Texts of the district summary of deficits: the XLSX file, the bot's /summary and the CLI. */
export const summaryText = {
  fileName: (date: string) => `svodka-deficitov-${date}.xlsx`,
  sheetDistrict: "Район",
  sheetSchools: "Школы × области",
  sheetRules: "Что показано",
  title: (campaign: string) => `Сводные дефициты: ${campaign}`,
  period: (from: string, to: string) => `Сроки: ${from} — ${to}`,
  released: (at: string) => `Цифры опубликованы: ${at}`,
  area: "Область",
  meanDeficit: "Средний дефицит, %",
  pronouncedShare: "Доля педагогов с выраженным дефицитом",
  level: "Уровень",
  school: "Школа",
  code: "Код",
  respondents: "Ответили",
  smallSchools: (count: number) => `Малые школы (${count}) вместе`,
  smallSchoolNote: (min: number) => `меньше ${min} педагогов: показывается в строке малых школ`,
  hidden: "скрыто",
  noCampaign: "В районе ещё не было диагностики.",
  caption: (campaign: string) => `Сводка дефицитов по району: ${campaign}`,
  cli: (file: string) => `Сводка сохранена: ${file}`,
  command: "Сводные дефициты района (Excel)",
  help: "/summary — сводные дефициты района по областям и школам, файлом Excel (только опубликованные цифры)",
  botNoCampaign: (district: string) => `${district}: диагностики ещё не было — сводки нет.`,
  botUnavailable: "Выгрузка сводки сейчас недоступна. Откройте её в приложении (страница района → «Сводные дефициты района»).",
  botCaption: (district: string, campaign: string) => `${district}: сводные дефициты — ${campaign}. Только опубликованные цифры, без имён.`,
  rules: (min: number, step: number) => [
    `Цифра показывается, только если по этой области ответили не меньше ${min} педагогов; иначе — «скрыто», без числа ответивших.`,
    `Пока диагностика идёт, цифры обновляются, когда ответят ещё не меньше ${step} педагогов; между обновлениями видна последняя опубликованная цифра.`,
    "Ответ засчитывается школе, в которой педагог работал, когда закончил диагностику; увольнения и переводы опубликованных цифр не меняют.",
    "Средние — целые числа, доли — с шагом 5 %; крайние значения показаны как «≤» и «≥».",
    `Школы, где меньше ${min} педагогов, отдельно не показываются: их ответы входят в строку «малые школы» и в итог района.`,
    "Если по итогу района и показанным школам можно было бы вычислить скрытую школу, скрывается и наименьшая из показанных.",
  ],
  levels: { pronounced: "выраженный", moderate: "умеренный", none: "нет дефицита" } satisfies Record<DeficitLevel, string>,
};

/** «≤ 5 %», «≥ 95 %» or «40 %». */
export function formatBounded(figure: Bounded, unit = " %"): string {
  const sign = figure.bound === "le" ? "≤ " : figure.bound === "ge" ? "≥ " : "";
  return `${sign}${figure.value}${unit}`;
}
