// What the #14 decisions use cases read and write (prisma/decisions.ts implements it).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DecisionsRepository {}
