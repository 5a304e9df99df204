// Working-group meetings, agendas and minutes (#15); prisma/meetings.ts implements it.
export interface MeetingsRepository {}
