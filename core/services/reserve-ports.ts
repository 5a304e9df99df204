// The management personnel reserve (#15), district only; prisma/reserve.ts implements it.
export interface ReserveRepository {}
