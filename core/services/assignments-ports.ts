// Assignments of mentors, tutors and curators to schools, and school-curator pairs (#15); prisma/assignments.ts implements it.
export interface AssignmentsRepository {}
