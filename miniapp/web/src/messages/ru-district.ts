/**
 * Strings of the district pages (progress of the diagnostic, the summary). Kept apart from messages/ru.ts so that they load with those pages only,
 * not on the first screen of every person.
 */
import { translate, type MessageParams } from "./ru.ts";

type Plural = { one: string; few: string; many: string };

const districtMessages = {
  "district.title": "Ход диагностики в районе",
  "district.schoolTitle": "Ход диагностики в школе",
  "district.until": "Открыта до {date}",
  "district.closed": "Закрыта {date}",
  "district.summary": {
    one: "Завершили: {done} из {n} педагога ({percent}%)",
    few: "Завершили: {done} из {n} педагогов ({percent}%)",
    many: "Завершили: {done} из {n} педагогов ({percent}%)",
  },
  "district.summaryNoTeachers": "В школах района пока нет педагогов",
  "district.figureNotJoined": "не подключились",
  "district.figureUnfinished": "подключились, не закончили",
  "district.figureCompleted": "завершили",
  "district.onceNote": "Педагог, который работает в двух школах, в итоге по району считается один раз.",
  "district.schools": "Школы — сначала те, где прошло меньше всего",
  "district.schoolsFooter": "Только числа, без имён. Нажмите на школу, чтобы открыть сводку её дефицитов.",
  "district.noSchools": "В районе нет школ.",
  "district.row": "{done} из {n}",
  "district.rowFigures": "не подключились: {notJoined} · не закончили: {unfinished}",
  "district.rowNoTeachers": "нет педагогов",
  "district.noCampaign": "Диагностика в районе ещё не открыта",
  "district.noCampaignHint": "Когда диагностику откроют, здесь будет видно, сколько педагогов каждой школы её прошли.",
  "district.unfinished": {
    one: "Подключился, но не закончил {n} педагог. Бот напишет ему в личные сообщения — не чаще раза в день.",
    few: "Подключились, но не закончили {n} педагога. Бот напишет каждому в личные сообщения — не чаще раза в день.",
    many: "Подключились, но не закончили {n} педагогов. Бот напишет каждому в личные сообщения — не чаще раза в день.",
  },
  "district.notJoinedHint": {
    one: "Не подключился {n} педагог: бот не может ему написать. Передайте ему личное приглашение.",
    few: "Не подключились {n} педагога: бот не может им написать. Передайте им личные приглашения.",
    many: "Не подключились {n} педагогов: бот не может им написать. Передайте им личные приглашения.",
  },
  "district.notJoinedSheets": "Распечатать их приглашения",
  "district.noOneToRemind": "Напоминать некому: все подключившиеся педагоги завершили диагностику.",
  "district.remind": "Напомнить тем, кто не закончил",
  "district.remindConfirmTitle": "Отправить напоминания?",
  "district.remindConfirmText": {
    one: "Бот напишет в личные сообщения {n} педагогу, который подключился, но не завершил диагностику. Отменить отправку будет нельзя.",
    few: "Бот напишет в личные сообщения {n} педагогам, которые подключились, но не завершили диагностику. Отменить отправку будет нельзя.",
    many: "Бот напишет в личные сообщения {n} педагогам, которые подключились, но не завершили диагностику. Отменить отправку будет нельзя.",
  },
  "district.remindConfirm": "Да, напомнить",
  "district.remindCancel": "Отмена",
  "district.remindDone": {
    one: "Поставлено в очередь: {n} напоминание.",
    few: "Поставлено в очередь: {n} напоминания.",
    many: "Поставлено в очередь: {n} напоминаний.",
  },
  "district.remindNone": "Никому не написали.",
  "district.remindWhy": "Кому не написали и почему:",
  "district.remindNotJoined": "не подключились к боту — {n}",
  "district.remindNoConsent": "не дали согласие на обработку персональных данных — {n}",
  "district.remindUnreachable": "бот не может им написать (заблокировали бота или не открывали чат) — {n}",
  "district.remindAlreadyToday": "уже получили напоминание сегодня — {n}",
  "district.remindFailed": "Не получилось поставить напоминания в очередь",
  "district.allDone": "Все педагоги завершили диагностику — напоминать некому.",
  "district.closedNoRemind": "Диагностика закрыта — напоминания больше не отправляются.",

  "summary.link": "Сводные дефициты района",
  "summary.linkHint": "Области по району и таблица школ, выгрузка в Excel",
  "summary.title": "Сводные дефициты района",
  "summary.district": "Район в целом",
  "summary.table": "Школы × области: средний дефицит, %",
  "summary.tableFooter": "«—» — скрыто: мало ответов, или по итогу района можно было бы вычислить меньшую группу.",
  "summary.smallSchools": {
    one: "Малые школы ({n}) вместе",
    few: "Малые школы ({n}) вместе",
    many: "Малые школы ({n}) вместе",
  },
  "summary.smallNote": {
    one: "меньше {n} педагога — в строке малых школ",
    few: "меньше {n} педагогов — в строке малых школ",
    many: "меньше {n} педагогов — в строке малых школ",
  },
  "summary.rules": "Цифра показывается, если по области ответили не менее {min} педагогов; пока диагностика идёт, цифры обновляются после каждых {step} новых ответов. Доли — с шагом 5 %, средние — целые.",
  "summary.levelLine": "Средний уровень по району: {level}",
  "summary.download": "Скачать в Excel",
  "summary.downloading": "Готовим файл…",
  "summary.school": "Школа",
  // ---- end release rules ----
} satisfies Record<string, string | Plural>;

export type DistrictMessageKey = keyof typeof districtMessages;

export function td(key: DistrictMessageKey, params?: MessageParams): string {
  return translate(districtMessages[key], params);
}
