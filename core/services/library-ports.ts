// The library of materials and normative acts (#15); prisma/library.ts implements it.
export interface LibraryRepository {}
