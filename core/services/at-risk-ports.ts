// Counts of at-risk students per category and school (#15), never names; prisma/at-risk.ts implements it.
export interface AtRiskRepository {}
