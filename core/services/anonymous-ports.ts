// Anonymous respondents (#13): school links, single-use class codes, chats answering with a code.
// prisma/anonymous.ts implements it.
export interface AnonymousRepository {}
