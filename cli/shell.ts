/** A value as it is typed in a shell: in double quotes, with ", \, $ and ` escaped (a district's name in a hint). */
export const shellQuote = (text: string) => `"${text.replace(/(["\\$`])/g, "\\$1")}"`;
