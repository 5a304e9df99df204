// What the #14 reports use cases read and write (prisma/reports.ts implements it).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ReportsRepository {}
