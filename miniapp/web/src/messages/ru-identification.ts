/**
 * Strings of identification (ШНОР/ШНСУ): the district's scatter and lists, the school card and the
 * data upload on the district work page. Kept apart from messages/ru.ts so that they load with those
 * pages only, not on the first screen of every person.
 */
import { translate, type MessageParams } from "./ru.ts";

const identificationMessages = {
  "ident.title": "Выявление ШНОР и ШНСУ",
  "ident.link": "Выявление ШНОР и ШНСУ",
  "ident.linkHint": "Диаграмма школ по результатам и социальному благополучию, списки и причины",
  "ident.year": "Год",
  "ident.yearsNone": "Данных пока нет. Загрузите результаты и социальные данные ниже — по шаблону или выгрузкой ФИС ОКО.",
  "ident.noRun": "За {year} год выявление ещё не запускалось.",
  "ident.noRunHint": "Нажмите «Запустить выявление»: расчёт сохранится, а прежние расчёты останутся без изменений.",
  "ident.runInfo": "Расчёт от {date}, методика версии {version}",
  "ident.runButton": "Запустить выявление за {year} год",
  "ident.runConfirmTitle": "Запустить выявление за {year} год?",
  "ident.runConfirmText":
    "Будет сохранён новый расчёт по текущей методике; прежние расчёты не меняются. Сотрудники РУО получат сводку, а руководители школ, вошедших в списки, — сообщение с причиной.",
  "ident.runYes": "Да, запустить",
  "ident.cancel": "Отмена",
  "ident.runDone": "Готово: ШНОР — {shnor}, ШНСУ — {shnsu}.",
  "ident.counts": "ШНОР: {shnor} · ШНСУ: {shnsu}",
  "ident.entered": "Вошли в списки",
  "ident.left": "Вышли из списков",
  "ident.warnings": "Замечания к данным ({n})",

  "ident.chartTitle": "Школы района: результаты и социальное благополучие",
  "ident.xLabel": "Индекс результатов →",
  "ident.yLabel": "Индекс благополучия →",
  "ident.chartHint": "Нажмите на точку, чтобы открыть карточку школы. Те же школы — списком ниже.",
  "ident.legendShnor": "ШНОР — школа с низкими образовательными результатами",
  "ident.legendShnsu": "ШНСУ — школа в неблагоприятных социальных условиях",
  "ident.pointDescription": "{name}: {cluster}, результаты {x}, благополучие {y}{lists}",
  "ident.noIndex": "Не на диаграмме (нет данных для индекса): {names}",

  "ident.cluster.failing": "несправляющиеся",
  "ident.cluster.effective": "эффективные",
  "ident.cluster.deprived": "депривированные",
  "ident.cluster.resilient": "резильентные",
  "ident.clusterNone": "без кластера",

  "ident.lists": "Списки школ",
  "ident.filterCluster": "Кластер",
  "ident.filterList": "Список",
  "ident.filterDynamics": "Динамика",
  "ident.filterAll": "все",
  "ident.list.shnor": "ШНОР",
  "ident.list.shnsu": "ШНСУ",
  "ident.list.none": "не в списках",
  "ident.dynamics.up": "результаты растут",
  "ident.dynamics.down": "результаты падают",
  "ident.dynamics.exclusion": "предложены к исключению",
  "ident.listEmpty": "Под выбранные условия школ нет.",
  "ident.showMore": "Показать ещё {n} (осталось {left})",
  "ident.listCount": {
    one: "{n} школа",
    few: "{n} школы",
    many: "{n} школ",
  },
  "ident.rowIndices": "результаты {x} · благополучие {y}",
  "ident.rowDynamics": "динамика {value}",
  "ident.badge.shnor": "ШНОР",
  "ident.badge.shnsu": "ШНСУ",
  "ident.badge.exclusion": "к исключению",
  "ident.badge.resilient": "резильентная",
  "ident.badge.curator": "кандидат в кураторы",

  "ident.lowTasks": "Задания ВПР с низкой решаемостью по району",
  "ident.lowTaskRow": "{grade} класс, {subject}, задание {task}: решили {share}",
  "ident.lowTaskSchools": {
    one: "{topic} · в {n} школе",
    few: "{topic} · в {n} школах",
    many: "{topic} · в {n} школах",
  },
  "ident.noTopic": "тема не указана",
  "ident.moreRows": "…и ещё {n}",

  "ident.official": "Списки сверху: сравнение",
  "ident.officialHint": "Список региона или Рособрнадзора рядом с рассчитанным, с расхождениями в обе стороны.",
  "ident.officialBoth": "В обоих списках",
  "ident.officialOnlyComputed": "Только в рассчитанном",
  "ident.officialOnlyOfficial": "Только в списке сверху",
  "ident.officialNone": "Совпадений и расхождений нет.",
  "ident.officialNoList": "Список {list} сверху за {year} год не загружен. Его можно загрузить ниже: «Что в файле» — «список сверху».",
  "ident.officialDocument": "{source}, № {number} от {date}",

  // ---- school card ----
  "card.title": "Карточка школы",
  "card.code": "Код ОО: {code}",
  "card.noRun": "Выявление за этот год ещё не проводилось — карточка появится после расчёта.",
  "card.notInRun": "В расчёте за {year} год нет данных по этой школе.",
  "card.status": "Итог за {year} год",
  "card.cluster": "Кластер: {cluster}",
  "card.onShnor": "Школа в списке ШНОР (низкие образовательные результаты)",
  "card.onShnsu": "Школа в списке ШНСУ (неблагоприятные социальные условия)",
  "card.onNone": "Школа не входит в списки ШНОР и ШНСУ",
  "card.exclusion": "Результаты растут — школу предлагается исключить из программы поддержки",
  "card.resilient": "Резильентная школа: высокие результаты в трудных условиях — её опыт полезен другим",
  "card.curator": "Кандидат в школы-кураторы",
  "card.why": "Почему так",
  "card.checks": "Какие правила проверены",
  "card.passed": "да",
  "card.notPassed": "нет",
  "card.resultsInputs": "Из чего складывается индекс результатов",
  "card.socialInputs": "Из чего складывается индекс благополучия",
  "card.inputValue": "значение {value} · относительно района {normalized} · вес {weight}",
  "card.noValue": "нет данных",
  "card.yes": "да",
  "card.no": "нет",
  "card.deficits": "Отмеченные дефициты",
  "card.history": "По годам",
  "card.historyRow": "результаты {x} · благополучие {y}",
  "card.lowTasks": "Задания ВПР, которые решили хуже всего",
  "card.lowTasksHint": "Темы, по которым школе нужна методическая помощь.",
  "card.noLowTasks": "Заданий с низкой решаемостью нет.",
  "card.lowTaskRow": "{grade} класс, {subject}, задание {task}: решили {share}",
  "card.curatorFlags": "Школа-куратор: что отмечает РУО",
  "card.curatorFlagsHint": "Кроме стабильно высоких результатов, школу-куратора выбирают по статусу инновационной площадки, компетентности и мотивации руководителя. Учтутся при следующем запуске выявления.",
  "card.flag.innovationPlatform": "Региональная инновационная площадка",
  "card.flag.headCompetence": "Высокий уровень профессиональных компетенций руководителя",
  "card.flag.headMotivation": "Высокая мотивация руководителя",
  "card.flagUnset": "не отмечено",
  "card.curatorSave": "Сохранить отметки",
  "card.official": "Списки сверху",
  "card.officialListed": "школа в списке",
  "card.officialNotListed": "школы в списке нет",
  "card.officialNone": "Списков сверху за этот год не загружено.",
  "card.deficit.remote": "удалённость, транспортная недоступность",
  "card.deficit.smallSchool": "малокомплектная школа",
  "card.deficit.infrastructureDeficit": "дефицит инфраструктуры",
  "card.deficit.computerDeficit": "не хватает компьютеров",
  "card.deficit.internetDeficit": "нет надёжного интернета",
  "card.deficit.unfilledPosts": "незакрытые вакансии",
  "card.deficit.accreditationSuspended": "приостановлена аккредитация",

  // ---- methodology ----
  "method.title": "Методика выявления",
  "method.titleVersion": "Методика выявления (версия {version})",
  "method.current": "Версия {version} от {date}. Изменения сохраняются новой версией: прежние расчёты не меняются, новая версия применится при следующем запуске выявления.",
  "method.default": "Действует методика по умолчанию; первый запуск выявления сохранит её как версию 1.",
  "method.shnor": "Правило ШНОР",
  "method.preset.consecutive": "2 года подряд в нижней четверти своего кластера (по умолчанию)",
  "method.preset.seed000": "2 последних года хуже всех школ своего кластера (семя 000)",
  "method.preset.seed004": "средний индекс за 3 года в нижних 20 % района (семя 004)",
  "method.normalisation": "Как сравнивать школы",
  "method.norm.zscore": "отклонение от среднего по району (z-оценки)",
  "method.norm.minmax": "доля пути от худшей школы к лучшей (min–max)",
  "method.norm.rank": "место среди школ района (ранги)",
  "method.splitResults": "Граница «низкие / высокие результаты»",
  "method.splitSocial": "Граница «низкое / высокое благополучие»",
  "method.split.mean": "среднее по району",
  "method.split.median": "медиана по району",
  "method.years": "Сколько лет усредняет индекс результатов (1–5)",
  "method.lowSolve": "Задание ВПР с низкой решаемостью: решили меньше, %",
  "method.shnsuTitle": "Правило ШНСУ",
  "method.shnsu": "низкий индекс благополучия: {low}; или дефицитов не меньше: {flags}",
  "method.lowShare": "нижние {share} района",
  "method.lowBelow": "ниже {value}",
  "method.off": "не учитывается",
  "method.invalid": "Годы — целое число от 1 до 5; порог ВПР — от 1 до 100 %.",
  "method.save": "Сохранить новой версией",
  "method.saved": "Сохранено как версия {version}. Запустите выявление, чтобы применить её; прежние расчёты не изменились.",

  // ---- data upload (district work page) ----
  "upload.title": "Данные для выявления ШНОР и ШНСУ",
  "upload.hint":
    "Excel (.xlsx) или CSV: по нашему шаблону или выгрузка «Аналитики» ФИС ОКО. Сначала файл проверяется без записи; загрузка — только после «Загрузить», целиком или никак. Повторная загрузка школы за тот же год заменяет прежние данные.",
  "upload.kind": "Что в файле",
  "upload.kind.auto": "определить по файлу",
  "upload.kind.results": "результаты (ЕГЭ, ОГЭ, ВПР, РДР)",
  "upload.kind.items": "задания ВПР (решаемость)",
  "upload.kind.social": "социальные данные",
  "upload.kind.official-list": "список сверху (регион, Рособрнадзор)",
  "upload.templates": "Шаблоны",
  "upload.template.results": "Шаблон: результаты",
  "upload.template.items": "Шаблон: задания ВПР",
  "upload.template.social": "Шаблон: социальные данные",
  "upload.template.official-list": "Шаблон: список сверху",
  "upload.listKind": "Какой список",
  "upload.listYear": "Год списка",
  "upload.source": "Источник (кто утвердил)",
  "upload.number": "Номер документа",
  "upload.date": "Дата документа",
  "upload.officialMissing": "Год — от 2000 до 2100, дата — полностью (день, месяц, год).",
  "upload.officialHint": "Реквизиты документа: если они есть на листе «Реквизиты» шаблона, поля можно не заполнять; заполненные заменяют записанные в файле.",
  "upload.asInFile": "как в файле",
  "upload.choose": "Выбрать файл и проверить",
  "upload.checking": "Проверяем файл…",
  "upload.importing": "Загружаем…",
  "upload.apply": "Загрузить",
  "upload.cancel": "Отмена",
  "upload.checkedOk": "Файл «{file}» проверен, ничего не записано:",
  "upload.checkedBad": "Файл «{file}» не загружен — исправьте ошибки и выберите его снова:",
  "upload.done": "Загружено из «{file}»:",
  "upload.shape": "вид файла: {shape}",
  "upload.figures": "строк {rows} · школ {schools} · годы: {years}",
  "upload.newSchools": "новых школ: {n} ({names})",
  "upload.replaces": "заменятся данные школа-год: {n}",
  "upload.problems": {
    one: "{n} ошибка:",
    few: "{n} ошибки:",
    many: "{n} ошибок:",
  },
  "upload.warnings": "Замечания ({n}) — загрузку не останавливают, но проверьте:",
  "upload.sheet": "Лист «{sheet}»",
  "upload.where": "строка {row}, столбец «{column}»",
  "upload.whereRow": "строка {row}",
  "upload.whereColumn": "столбец «{column}»",
  "upload.openIdentification": "Открыть выявление ШНОР и ШНСУ",
} as const satisfies Record<string, string | { one: string; few: string; many: string }>;

export type IdentificationMessageKey = keyof typeof identificationMessages;

export function ti(key: IdentificationMessageKey, params?: MessageParams): string {
  return translate(identificationMessages[key], params);
}

const indexFormat = new Intl.NumberFormat("ru-RU", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const valueFormat = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 2 });
const shareFormat = new Intl.NumberFormat("ru-RU", { style: "percent", maximumFractionDigits: 1 });
const signedFormat = new Intl.NumberFormat("ru-RU", { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: "exceptZero" });

/** An index (a z-score by default): "−0,42"; «—» without one. */
export const formatIndex = (value: number | null | undefined) => (value === null || value === undefined ? "—" : indexFormat.format(value));
/** A year-on-year change: "+0,15". */
export const formatChange = (value: number | null | undefined) => (value === null || value === undefined ? "—" : signedFormat.format(value));
/** A share 0..1 as "37,5 %". */
export const formatShare = (value: number | null | undefined) => (value === null || value === undefined ? "—" : shareFormat.format(value));
/** A raw figure as it came (a score, a count). */
export const formatValue = (value: number | null | undefined) => (value === null || value === undefined ? "—" : valueFormat.format(value));

const dateTime = new Intl.DateTimeFormat("ru-RU", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" });
const dateOnly = new Intl.DateTimeFormat("ru-RU", { day: "numeric", month: "long", year: "numeric" });

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** "2026-03-12" (a document's date) as "12 марта 2026 г.", read as a calendar day. */
export function formatDay(isoDay: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDay);
  if (!match) return isoDay;
  return dateOnly.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12)));
}
