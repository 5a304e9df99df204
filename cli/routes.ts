// The course catalog in the admin CLI (#13 §7): `courses import` (with --dry-run: nothing written) and
// `courses list`. A thin shell over core/services/routes.ts with the operator as the actor (null);
// registered from cli/main.ts with one line.
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { courseText } from "../core/messages/routes.ts";
import { AdminError, findDistrict, type AdminContext } from "../core/services/admin.ts";
import { importCourseFile, type RoutesDeps } from "../core/services/routes.ts";
import { DEFAULT_METHODOLOGY } from "../core/methodology/settings.ts";
import { loadConfig } from "../server/config.ts";

export interface RoutesCliDeps {
  fail: (error: unknown) => number;
  setExitCode: (code: number) => void;
}

export type CoursesCliContext = RoutesDeps & Pick<AdminContext, "admin">;

const out = (lines: string[]) => process.stdout.write(lines.join("\n") + "\n");
const SHOWN = 50;

/** `courses import`: checks the file; without --dry-run replaces the district's catalog (all or nothing). */
export async function coursesImportCommand(ctx: CoursesCliContext, options: { district: string; file: string; dryRun?: boolean }): Promise<string[]> {
  const file = path.resolve(options.file);
  if (!fs.existsSync(file)) throw new AdminError("invalid", `Файл не найден: ${file}`, { field: "file" });
  const district = await findDistrict(ctx, null, options.district);
  const { readCourseCatalog } = await import("../files/courses.ts");
  const read = await readCourseCatalog(path.basename(file), new Uint8Array(fs.readFileSync(file)));
  if (read.problems.length) {
    const lines = read.problems.map((problem) => `  ${problem.sheet ? `лист «${problem.sheet}», ` : ""}${courseText.problemAt(problem)}`);
    throw new AdminError("invalid", courseText.refused(read.problems.length), { lines: lines.slice(0, SHOWN) });
  }
  if (options.dryRun) return [`Проверка без записи (--dry-run): курсов ${read.courses.length}, ошибок нет. Район «${district.name}».`];
  const result = await importCourseFile(ctx, null, district.id, async () => read);
  if (!result.ok) throw new AdminError("invalid", courseText.refused(result.problems.length));
  return [courseText.imported(result.counts)];
}

export async function coursesListCommand(ctx: CoursesCliContext, options: { district: string }): Promise<string[]> {
  const district = await findDistrict(ctx, null, options.district);
  const courses = await ctx.surveys.routes.listCourses(district.id);
  if (!courses.length) return [`В каталоге района «${district.name}» курсов нет.`];
  const date = (value: Date | null) => value?.toISOString().slice(0, 10) ?? "";
  return courses.map(
    (course) =>
      `${course.title} — ${course.provider}${course.hours ? `, ${course.hours} ч` : ""}; ${course.areas.join(", ")}` +
      `${course.startsOn ? `; ${date(course.startsOn)}${course.endsOn ? ` — ${date(course.endsOn)}` : ""}` : ""}${course.url ? `; ${course.url}` : ""}`,
  );
}

/** The use cases' context over one Prisma client (the CLI and its tests). */
export async function coursesContext(prisma: import("../prisma/db.ts").PrismaClient, settings = DEFAULT_METHODOLOGY): Promise<CoursesCliContext> {
  const { PrismaAdminRepository } = await import("../prisma/admin.ts");
  const { PrismaRepository } = await import("../prisma/repository.ts");
  const { PrismaRoutesRepository } = await import("../prisma/routes.ts");
  return {
    admin: new PrismaAdminRepository(prisma),
    repo: new PrismaRepository(prisma),
    clock: { now: () => new Date() },
    settings,
    surveys: { routes: new PrismaRoutesRepository(prisma) },
  };
}

async function withContext<T>(work: (ctx: CoursesCliContext) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env, { requireBotToken: false });
  const { openDatabase, DatabaseBusyError } = await import("../prisma/db.ts");
  const { migrate } = await import("../prisma/migrate.ts");
  let db;
  try {
    db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof DatabaseBusyError) {
      throw new AdminError("invalid", "База занята работающим сервером: загрузите каталог в Mini App (раздел «Каталог курсов») или остановите сервер.");
    }
    throw error;
  }
  try {
    await migrate(db);
    return await work(await coursesContext(db.prisma, { ...DEFAULT_METHODOLOGY, minRespondents: config.MIN_RESPONDENTS }));
  } finally {
    await db.close();
  }
}

export function registerRoutes(program: Command, deps: RoutesCliDeps): void {
  const fail = (error: unknown) => deps.setExitCode(deps.fail(error));
  const need = (options: Record<string, unknown>, ...names: string[]) => {
    for (const name of names) {
      if (typeof options[name] !== "string" || !(options[name] as string).trim()) throw new AdminError("invalid", `Не указан параметр --${name}.`, { field: name });
    }
  };
  const run = (work: (options: Record<string, unknown>) => Promise<string[]>) => async (options: Record<string, unknown>) => {
    try {
      out(await work(options));
    } catch (error) {
      fail(error);
    }
  };
  const group = program
    .command("courses")
    .description("каталог курсов (КПК) района для маршрутов учителей (ИОМ)")
    .addHelpText(
      "after",
      "\nФайл XLSX или CSV; первая заполненная строка — заголовки: «Название», «Организатор», «Часы», «Компетенции»\n" +
        "(через точку с запятой: ФГОС, ВПР, функциональная грамотность, неуспешность, ОВЗ, билингвы, результаты оценочных\n" +
        "процедур, технологии, выгорание, управленческая команда), «Даты» («01.02.2026 – 15.02.2026») или «Начало» и «Окончание»,\n" +
        "«Ссылка». Загрузка заменяет каталог района целиком; при любой ошибке ничего не записывается.",
    );
  group
    .command("import")
    .description("загрузить каталог (с --dry-run — только проверить)")
    .option("--district <id|название>", "район")
    .option("--file <файл.xlsx|файл.csv>", "каталог курсов")
    .option("--dry-run", "только проверить, ничего не записывая")
    .action(
      run(async (options) => {
        need(options, "district", "file");
        return withContext((ctx) => coursesImportCommand(ctx, options as { district: string; file: string; dryRun?: boolean }));
      }),
    );
  group
    .command("list")
    .description("курсы каталога района")
    .option("--district <id|название>", "район")
    .action(
      run(async (options) => {
        need(options, "district");
        return withContext((ctx) => coursesListCommand(ctx, options as { district: string }));
      }),
    );
}
