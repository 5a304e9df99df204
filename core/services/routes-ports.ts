// Routes (ИОМ), the course catalog and teacher attributes (#13). prisma/routes.ts implements it.
export interface RoutesRepository {}
