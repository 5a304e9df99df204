/**
 * Strings of the indicators' trends (#14 §6): the seed indicators year by year with their method,
 * source and executor. Kept apart from messages/ru.ts so that they load with the page only.
 */
import { translate, type MessageParams } from "./ru.ts";

const indicatorMessages = {
  "trends.title": "Динамика по учебным годам",
  "trends.intro":
    "Показатели эффективности (DOMAIN §8) по району и школам за учебные годы. Доли педагогов проходят правила публикации (меньше {min} педагогов — «скрыто»); «нет данных» — показатель за год не из чего посчитать, это не ноль. Показатели педагогов считаются по нынешнему составу школ.",
  "trends.district": "Район",
  "trends.noData": "нет данных",
  "trends.hidden": "скрыто",
  "trends.yes": "да",
  "trends.no": "нет",
  "trends.unchanged": "без изменений",
  "trends.entered": "вошла в {list}",
  "trends.left": "вышла из {list}",
  "trends.about": "Методика, источник, исполнитель",
  "trends.method": "Методика расчёта",
  "trends.source": "Источник данных",
  "trends.executor": "Ответственный исполнитель",
  "trends.bySchool": "По школам",
  "trends.school": "Школа",
  "trends.unavailable": "Динамика показателей на этом сервере пока недоступна.",
  "trends.chart": "Динамика: {values}",
} as const;

export type IndicatorMessageKey = keyof typeof indicatorMessages;

export function ti(key: IndicatorMessageKey, params?: MessageParams): string {
  return translate(indicatorMessages[key], params);
}
