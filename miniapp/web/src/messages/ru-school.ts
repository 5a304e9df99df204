/**
 * Strings of the school pages (a school's deficits, released figures). Kept apart from messages/ru.ts so that they load with those pages only,
 * not on the first screen of every person.
 */
import { translate, type MessageParams } from "./ru.ts";

type Plural = { one: string; few: string; many: string };

const schoolMessages = {
  "school.period": "{from} — {to}",
  "school.respondents": {
    one: "Ответили: {n} педагог",
    few: "Ответили: {n} педагога",
    many: "Ответили: {n} педагогов",
  },
  "school.notEnough": "Недостаточно ответов",
  "school.notEnoughExplain": {
    one: "Данные появятся, когда ответит не менее {n} педагога — так сохраняется анонимность.",
    few: "Данные появятся, когда ответят не менее {n} педагогов — так сохраняется анонимность.",
    many: "Данные появятся, когда ответят не менее {n} педагогов — так сохраняется анонимность.",
  },
  "school.noCampaign": "Диагностика в районе ещё не проводилась",
  "school.noCampaignHint": "Когда управление образования запустит диагностику, здесь появится сводка.",
  "school.chartTitle": "Средний дефицит по областям, %",
  "school.tableTitle": "Области по убыванию дефицита",
  "school.meanDeficit": "Средний дефицит: {value}%",
  "school.levelLine": "Средний уровень по школе: {level}",
  "school.pronouncedShare": "Доля педагогов с выраженным дефицитом: {value}%",
  "school.legend": "Цвет: красный — выраженный, оранжевый — умеренный, зелёный — не выражен",

  "release.hidden": "скрыто",
  "release.le": "≤ {value}",
  "release.ge": "≥ {value}",
  "school.smallSchool": "Результаты школы не показываются",
  "school.smallSchoolExplain": {
    one: "В школе меньше {n} педагога: результаты школы не показываются, они входят в сводку района.",
    few: "В школе меньше {n} педагогов: результаты школы не показываются, они входят в сводку района.",
    many: "В школе меньше {n} педагогов: результаты школы не показываются, они входят в сводку района.",
  },
  "school.hiddenExplain": {
    one: "Цифры показываются, когда по области ответили не менее {n} педагога и по сводке района нельзя вычислить ответы меньшей группы. Так сохраняется анонимность.",
    few: "Цифры показываются, когда по области ответили не менее {n} педагогов и по сводке района нельзя вычислить ответы меньшей группы. Так сохраняется анонимность.",
    many: "Цифры показываются, когда по области ответили не менее {n} педагогов и по сводке района нельзя вычислить ответы меньшей группы. Так сохраняется анонимность.",
  },
  "school.areaHidden": "мало ответов в этой области — скрыто",
  "school.released": "Цифры опубликованы {date}; обновляются, когда ответят ещё несколько педагогов.",
} satisfies Record<string, string | Plural>;

export type SchoolMessageKey = keyof typeof schoolMessages;

export function tsch(key: SchoolMessageKey, params?: MessageParams): string {
  return translate(schoolMessages[key], params);
}
