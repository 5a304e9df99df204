// Reading the district's course catalog (КПК) from XLSX or CSV (UTF-8, UTF-16 or Windows-1251; `;`,
// `,` or tab), the Mini App's upload and the CLI's file alike. The first sheet with a recognisable
// header row is the catalog; every row is checked by core/routes/catalog.ts.
import { courseText } from "../core/messages/routes.ts";
import { checkCourseRows, type CourseCell, type CourseProblem } from "../core/routes/catalog.ts";
import type { CourseInput } from "../core/services/routes-ports.ts";
import { readTables, type Cell } from "./identification/table.ts";

const plain = (cell: Cell): CourseCell => {
  if (cell === null || typeof cell !== "object" || cell instanceof Date) return cell;
  return null; // an uncomputed formula or an Excel error reads as empty and is reported where required
};

export interface ReadCourses {
  courses: CourseInput[];
  problems: Array<CourseProblem & { sheet?: string }>;
}

export async function readCourseCatalog(fileName: string, content: Uint8Array): Promise<ReadCourses> {
  const read = await readTables(fileName, content);
  if (read.problems.length && !read.tables.length) {
    return { courses: [], problems: read.problems.map((problem) => ({ message: problem.message, row: problem.row, column: problem.column })) };
  }
  let first: ReadCourses | null = null;
  for (const table of read.tables) {
    const rows = table.rows.map((row) => row?.map(plain));
    const result = checkCourseRows(rows, 1);
    const withSheet = { courses: result.courses, problems: result.problems.map((problem) => ({ ...problem, sheet: table.sheet === "CSV" ? undefined : table.sheet })) };
    // The first sheet that is a catalog wins; a sheet of instructions before it is passed over.
    if (result.courses.length) return withSheet;
    const notCatalog = (problems: CourseProblem[]) => problems.length === 1 && problems[0]!.missingColumns === true;
    if (!first || (!notCatalog(result.problems) && notCatalog(first.problems))) first = withSheet;
  }
  return first ?? { courses: [], problems: [{ message: courseText.noSheet }] };
}
