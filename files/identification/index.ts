// The intake of identification data (issue #12): results, item-level ВПР, social data and official
// lists, from our templates or from ФИС ОКО «Аналитика» reports, as XLSX or CSV. The service
// (core/services/identification.ts) takes `parseDataFile` through its port; nothing is written here.
export { parseDataFile, MAX_SHOWN, PROGRESS_EVERY, YEAR_RANGE, type DataKind, type ParsedData, type ParseInput, type ParseResult } from "./parse.ts";
export { dataTemplate } from "./template.ts";
export { INTAKE_LIMITS } from "./table.ts";
export { formatProblem } from "../../core/messages/intake.ts";
export { applyRows } from "./merge.ts";
