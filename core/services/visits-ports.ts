// Visit reports of mentors, tutors and curators (#15), kept per visit with their answers and cursor; prisma/visits.ts implements it.
export interface VisitsRepository {}
