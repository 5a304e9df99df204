// Baselines from earlier rounds in Google Forms / Yandex Forms (#13). prisma/baseline.ts implements it.
export interface BaselineRepository {}
