/**
 * Strings of the district work page («Работа с районом»). Kept apart from messages/ru.ts so that they
 * load with that page only, not on the first screen of every person.
 */
import { translate, type MessageParams } from "./ru.ts";

const workMessages = {
  "work.title": "Работа с районом",
  "work.campaigns": "Диагностика",
  "work.status.planned": "запланирована",
  "work.status.open": "идёт",
  "work.status.closed": "закрыта",
  "work.open": "Открыть диагностику",
  "work.openTitle": "Открыть диагностику педагогов?",
  "work.openText": "Педагоги района смогут отвечать с сегодняшнего дня. Бот будет напоминать тем, кто не закончил, раз в день в 10 утра.",
  "work.days": "Сколько дней принимать ответы",
  "work.openYes": "Да, открыть",
  "work.close": "Закрыть диагностику",
  "work.cancel": "Отменить запланированную диагностику",
  "work.closeTitle": "Закрыть «{title}»?",
  "work.closeText": "Ответы больше не принимаются, напоминания прекращаются. Итоги остаются.",
  "work.closeYes": "Да, закрыть",
  "work.import": "Список сотрудников (Excel)",
  "work.importHint": "Файл по шаблону: листы «Школы» и «Сотрудники». Сначала файл проверяется без записи; загрузка — только после вашего подтверждения, целиком или никак.",
  "work.importTemplate": "Скачать шаблон (Excel)",
  "work.importChoose": "Выбрать файл и проверить",
  "work.importApply": "Загрузить",
  "work.importChecked": "Проверка прошла, ничего не записано:",
  "work.importDone": "Загружено:",
  "work.importSchools": "школы: новых {created}, переименовано {renamed}, с новым кодом {coded}, без изменений {unchanged}",
  "work.importStaff": "сотрудники: строк {rows}, новых людей {newPeople}, новых назначений {newMemberships}, уже были {alreadyPresent}",
  "work.importWarnings": "Замечания ({n}) — загрузку не останавливают, но проверьте:",
  "work.schools": "Школы: приглашения и сотрудники",
  "work.sheetsHint": "Лист — страница для печати с личными карточками приглашений (ссылка и QR-код). «Не подключившиеся» — только те, кто ещё не открыл своё приглашение.",
  "work.schoolPeople": "педагогов: {teachers}, руководителей: {heads}",
  "work.sheetNotJoined": "Лист: не подключившиеся",
  "work.sheetAll": "Лист: все + ссылка для родителей",
  "work.people": "Сотрудники школы",
  "work.peopleHint": "Отключённый сотрудник больше не видит данные школы, его неиспользованное приглашение отзывается.",
  "work.noPeople": "В школе нет сотрудников.",
  "work.joined": "подключён",
  "work.notJoined": "не подключился",
  "work.role.teacher": "педагог",
  "work.role.head": "руководитель",
  "work.role.mentor": "наставник",
  "work.role.district": "сотрудник РУО",
  "work.role.parent": "родитель",
  "work.deactivate": "Отключить",
  "work.move": "Перевести",
  "work.addSchool": "Добавить школу",
  "work.deactivateText": "Отключить «{name}» в этой школе?",
  "work.moveTo": "Перевести в школу",
  "work.addTo": "Добавить вторую школу",
  "work.confirm": "Подтвердить",
  "work.operator": "Оператор персональных данных",
  "work.operatorHint":
    "Эти сведения входят в текст согласия (152-ФЗ), который видит каждый приглашённый. Пока они не указаны, приглашения не выдаются.",
  "work.operatorMissing": "Сведения не указаны — приглашения пока не выдаются.",
  "work.operatorSet": "Сведения указаны. Изменения войдут в текст согласия для новых приглашённых.",
  "work.operatorName": "Полное наименование оператора",
  "work.operatorAddress": "Адрес оператора",
  "work.operatorTerm": "Срок обработки (например, «до 31 августа 2027 г.»)",
  "work.operatorPurpose": "Цель обработки",
  "work.operatorData": "Какие данные обрабатываются",
  "work.operatorActions": "Действия с данными",
  "work.operatorWithdrawal": "Как отозвать согласие",
  "work.operatorEdit": "Изменить сведения",
  "work.operatorSave": "Сохранить",
  "work.operatorSaved": "Сохранено.",
  "work.operatorRequired": "Заполните наименование, адрес и срок обработки.",
} as const;

export type WorkMessageKey = keyof typeof workMessages;

export function tw(key: WorkMessageKey, params?: MessageParams): string {
  return translate(workMessages[key], params);
}
