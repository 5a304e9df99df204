// School and municipal programmes as documents, their expert reviews and monitorings (#15); prisma/programmes.ts implements it.
export interface ProgrammesRepository {}
