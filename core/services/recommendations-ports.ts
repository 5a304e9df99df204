// What the #14 recommendations use cases read and write (prisma/recommendations.ts implements it).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RecommendationsRepository {}
