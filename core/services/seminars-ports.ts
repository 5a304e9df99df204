// Seminar requests, the institute's half-year programmes, events and registrations (#15); prisma/seminars.ts implements it.
export interface SeminarsRepository {}
