// The risk profile (#13): settings versions and yearly snapshots. prisma/risk-profile.ts implements it.
export interface RiskProfileRepository {}
