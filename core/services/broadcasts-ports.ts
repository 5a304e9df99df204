// What the #14 broadcasts use cases read and write (prisma/broadcasts.ts implements it).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface BroadcastsRepository {}
