/**
 * Strings of the effectiveness reports (аналитическая справка, #14 §7). Kept apart from messages/ru.ts
 * so that they load with the page only. The report's own headings come from the server (the same as
 * in the XLSX and PDF).
 */
import { translate, type MessageParams } from "./ru.ts";

const reportMessages = {
  "reports.title": "Аналитические справки",
  "reports.intro":
    "Анализ эффективности принятых мер — не реже двух раз в год (полугодие) и ежеквартальный отчёт. Содержание фиксируется при создании; черновик можно обновить, пока рабочая группа его не утвердила. Утверждённая справка только для чтения.",
  "reports.none": "Справок пока нет.",
  "reports.createHalf": "Создать за полугодие {period}",
  "reports.createQuarter": "Создать за квартал {period}",
  "reports.draft": "черновик",
  "reports.approved": "утверждена {date}",
  "reports.back": "← Все справки",
  "reports.download": "Скачать",
  "reports.xlsx": "XLSX",
  "reports.pdf": "PDF",
  "reports.refresh": "Обновить цифры",
  "reports.refreshHint": "Пересчитать содержание по текущим данным (выводы, которые вы уже правили, сохранятся).",
  "reports.generated": "Сформирована {date}; сроки оценены на {cutoff}.",
  "reports.section.indicators": "1. Динамика показателей",
  "reports.section.lists": "2. Изменения в списках",
  "reports.section.recommendations": "3. Рекомендации",
  "reports.section.roadmaps": "4. Дорожные карты",
  "reports.section.decisions": "5. Решения",
  "reports.section.conclusions": "6. Выводы",
  "reports.section.approval": "Утверждение рабочей группой",
  "reports.lists.counts": "Год {year}: ШНОР — {shnor}, ШНСУ — {shnsu}",
  "reports.lists.entered": "Вошли: {names}",
  "reports.lists.left": "Вышли: {names}",
  "reports.lists.none": "нет",
  "reports.lists.oneRun": "Для сравнения нужно выявление двух лет.",
  "reports.lists.noRuns": "Выявление ещё не проводилось: нет данных.",
  "reports.recs.summary": "Выдано {issued}, исполнено за период {done}, в работе {open}, просрочено {overdue}.",
  "reports.recs.addressee": "{label}: выдано {issued}, исполнено {done}, просрочено {overdue}",
  "reports.recs.overdue": "Просрочена: {title} — срок {date}",
  "reports.roadmaps.summary": "Мероприятий со сроком в периоде: {total}, выполнено {done}, просрочено {overdue}.",
  "reports.roadmaps.row": "{title}: {done} из {total}, просрочено {overdue}",
  "reports.roadmaps.none": "Мероприятий со сроком в периоде нет.",
  "reports.decisions.none": "За период решений не записано.",
  "reports.decisions.byKind": "По видам: {list}",
  "reports.draftLabel": "Черновик выводов составлен автоматически по цифрам справки — отредактируйте его.",
  "reports.goalsMet": "Достигнуты ли цели",
  "reports.measuresSufficient": "Достаточны ли меры",
  "reports.growthPoints": "Точки роста (по одной в строке)",
  "reports.growthPointsView": "Точки роста",
  "reports.saveConclusions": "Сохранить выводы",
  "reports.saved": "Сохранено.",
  "reports.toRoadmap": "В дорожную карту",
  "reports.toRoadmapDue": "Срок мероприятия",
  "reports.inRoadmap": "внесено в дорожную карту",
  "reports.roadmapHint": "Скорректировать дорожную карту: каждая точка роста может стать мероприятием дорожной карты района текущего учебного года.",
  "reports.approveDate": "Дата решения",
  "reports.approveRef": "Документ (например, «Протокол № 3 от 25.12.2026»)",
  "reports.approveGroup": "Состав рабочей группы",
  "reports.approveNoGroup": "— не указан —",
  "reports.approve": "Утвердить",
  "reports.approveConfirm": "После утверждения справку нельзя изменить. Утвердить?",
  "reports.approvedBy": "Утверждена {date}: {ref}",
  "groups.title": "Рабочая группа",
  "groups.intro": "Состав утверждается приказом РУО (до 15 человек, руководитель — начальник отдела образования). Члены группы — не пользователи бота: только ФИО и должности.",
  "groups.none": "Состав ещё не внесён.",
  "groups.order": "{ref} от {date}, {count} чел.",
  "groups.orderRef": "Приказ (например, «Приказ РУО № 45»)",
  "groups.orderDate": "Дата приказа",
  "groups.members": "Члены группы: «ФИО; должность» по одной строке, первая — руководитель, вторая — заместитель",
  "groups.add": "Добавить состав",
  "groups.edit": "Изменить",
  "groups.delete": "Удалить",
  "groups.save": "Сохранить",
  "groups.cancel": "Отмена",
  "groups.badMembers": "Каждая строка: «ФИО; должность».",
} as const;

export type ReportMessageKey = keyof typeof reportMessages;

export function tr(key: ReportMessageKey, params?: MessageParams): string {
  return translate(reportMessages[key], params);
}
