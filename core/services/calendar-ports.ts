// What the #14 calendar use cases read and write (prisma/calendar.ts implements it).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CalendarRepository {}
