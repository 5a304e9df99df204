// Identification of a large region (#12 §13): 40 000 schools × 3 years of results (12 rows per school-year,
// ≈ 1.44 M rows) and social data. Prints the time to parse the input as CSV files (through the intake's
// parseDataFile, in files within its size and row limits), the time of the whole identification, their ratio
// (goal ≤ 2) and the peak RSS.
// Run: npm run bench:identification   (BENCH_SCHOOLS=… for another size)
import { pathToFileURL } from "node:url";
import { identify, type IdentifyInput } from "../core/identification/identify.ts";
import { DEFAULT_IDENTIFICATION } from "../core/identification/methodology.ts";
import type { Assessment, ResultRow, SocialRow } from "../core/identification/types.ts";

/** mulberry32: a small seeded generator, so every run measures the same district. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/** The twelve results of a school-year: seed 004's six and six more the district's files carry. */
const RESULTS: Array<{ assessment: Assessment; grade: number; subject: string; mean: number; spread: number }> = [
  { assessment: "ЕГЭ", grade: 11, subject: "русский язык", mean: 68, spread: 8 },
  { assessment: "ЕГЭ", grade: 11, subject: "математика", mean: 55, spread: 10 },
  { assessment: "ЕГЭ", grade: 11, subject: "история", mean: 52, spread: 10 },
  { assessment: "ОГЭ", grade: 9, subject: "русский язык", mean: 3.9, spread: 0.4 },
  { assessment: "ОГЭ", grade: 9, subject: "математика", mean: 3.6, spread: 0.5 },
  { assessment: "ОГЭ", grade: 9, subject: "обществознание", mean: 3.5, spread: 0.4 },
  { assessment: "ВПР", grade: 4, subject: "русский язык", mean: 3.9, spread: 0.4 },
  { assessment: "ВПР", grade: 4, subject: "математика", mean: 4.0, spread: 0.4 },
  { assessment: "ВПР", grade: 5, subject: "русский язык", mean: 3.6, spread: 0.4 },
  { assessment: "ВПР", grade: 5, subject: "математика", mean: 3.7, spread: 0.4 },
  { assessment: "ВПР", grade: 8, subject: "русский язык", mean: 3.4, spread: 0.4 },
  { assessment: "ВПР", grade: 8, subject: "математика", mean: 3.3, spread: 0.4 },
];

const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * A synthetic region for measurement only (never shown as data): a latent quality and a social condition per
 * school, correlated as in the seeds' picture, with yearly noise.
 */
export function generateIdentificationData(schools = 40_000, years = [2024, 2025, 2026], seed = 12): IdentifyInput {
  const rnd = random(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() || 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const results: ResultRow[] = [];
  const social: SocialRow[] = [];
  const list: IdentifyInput["schools"] = [];
  for (let i = 0; i < schools; i++) {
    const code = String(100000 + i);
    const name = `Школа № ${i + 1}`;
    list.push({ code, name });
    const quality = gauss();
    const hardship = 0.5 * -quality + 0.87 * gauss();
    const students = 40 + Math.floor(rnd() * 1200);
    for (const year of years) {
      for (const r of RESULTS) {
        const z = quality + 0.3 * gauss();
        const vpr = r.assessment === "ВПР";
        const lowered = vpr ? r3(clamp01(0.12 + 0.05 * gauss())) : null;
        const raised = vpr ? r3(clamp01(0.08 + 0.04 * gauss())) : null;
        results.push({
          schoolCode: code,
          schoolName: name,
          year,
          assessment: r.assessment,
          grade: r.grade,
          subject: r.subject,
          participants: 5 + Math.floor(rnd() * 55),
          meanScore: r2(r.assessment === "ЕГЭ" ? Math.min(100, Math.max(0, r.mean + r.spread * z)) : Math.min(5, Math.max(2, r.mean + r.spread * z))),
          lowShare: r3(clamp01(0.08 - 0.05 * z + 0.02 * gauss())),
          highShare: r3(clamp01(0.1 + 0.06 * z + 0.02 * gauss())),
          vprLowered: lowered,
          vprConfirmed: vpr ? r3(clamp01(1 - lowered! - raised!)) : null,
          vprRaised: raised,
        });
      }
      const share = (base: number) => Math.round(students * clamp01(base + 0.05 * hardship + 0.02 * gauss()));
      social.push({
        schoolCode: code,
        schoolName: name,
        year,
        students,
        parentsNoHigherEducation: share(0.4),
        unemployedParents: share(0.08),
        watchList: share(0.03),
        odnKdn: share(0.01),
        migrantOrLowRussian: share(0.02),
        nonAttested: share(0.01),
        truancy: share(0.02),
        disabilities: share(0.05),
        remote: rnd() < 0.1 + 0.05 * hardship,
        smallSchool: students < 100,
        infrastructureDeficit: rnd() < 0.1,
        computerDeficit: rnd() < 0.15,
        internetDeficit: rnd() < 0.08,
        unfilledPosts: rnd() < 0.2,
        accreditationSuspended: rnd() < 0.005,
        innovationPlatform: rnd() < 0.05,
        headCompetence: rnd() < 0.3,
        headMotivation: rnd() < 0.3,
      });
    }
  }
  return { year: years[years.length - 1]!, results, items: [], social, schools: list };
}

// ---- CSV in our templates' shape (";" and a decimal comma, shares in %), cut to the intake's limits ----
const num = (x: number | null | undefined, percent = false) => (x == null ? "" : String(percent ? r2(x * 100) : x).replace(".", ","));
const yesNo = (x: boolean | null | undefined) => (x == null ? "" : x ? "да" : "нет");
const RESULT_HEADER = "Код ОО;Название ОО;Год;Процедура;Класс;Предмет;Участники;Средний балл;Ниже порога или «2», %;Высокие баллы или «5», %;Понизили, %;Подтвердили, %;Повысили, %";
const SOCIAL_COLUMNS = [
  ["students", "Всего обучающихся"],
  ["parentsNoHigherEducation", "Оба родителя без высшего образования"],
  ["unemployedParents", "Единственный или оба родителя безработные"],
  ["watchList", "На внутришкольном и ином учёте"],
  ["odnKdn", "На учёте в ОДН или КДН"],
  ["migrantOrLowRussian", "Из семей мигрантов или слабо владеют русским языком"],
  ["nonAttested", "Неаттестованные"],
  ["truancy", "Систематически пропускают уроки без уважительной причины"],
  ["disabilities", "С ОВЗ"],
  ["remote", "Удалённая или транспортно недоступная (да/нет)"],
  ["smallSchool", "Малокомплектная (да/нет)"],
  ["infrastructureDeficit", "Дефицит инфраструктуры (да/нет)"],
  ["computerDeficit", "Дефицит компьютеров (да/нет)"],
  ["internetDeficit", "Нет интернета или он медленный (да/нет)"],
  ["unfilledPosts", "Незакрытые вакансии (да/нет)"],
  ["accreditationSuspended", "Аккредитация приостановлена (да/нет)"],
] as const;

export function toCsvFiles(input: IdentifyInput, rowsPerFile = 150_000): Array<{ kind: "results" | "social"; fileName: string; content: Uint8Array }> {
  const encoder = new TextEncoder();
  const files: Array<{ kind: "results" | "social"; fileName: string; content: Uint8Array }> = [];
  const cut = <T>(kind: "results" | "social", rows: T[], header: string, line: (row: T) => string) => {
    for (let from = 0, part = 1; from < rows.length; from += rowsPerFile, part++) {
      const lines = [header];
      for (const row of rows.slice(from, from + rowsPerFile)) lines.push(line(row));
      files.push({ kind, fileName: `${kind}-${part}.csv`, content: encoder.encode(lines.join("\n") + "\n") });
    }
  };
  cut("results", input.results, RESULT_HEADER, (r) =>
    [r.schoolCode, r.schoolName, r.year, r.assessment, r.grade, r.subject, r.participants, num(r.meanScore), num(r.lowShare, true), num(r.highShare, true), num(r.vprLowered, true), num(r.vprConfirmed, true), num(r.vprRaised, true)].join(";"),
  );
  cut("social", input.social, ["Код ОО", "Название ОО", "Год", ...SOCIAL_COLUMNS.map(([, title]) => title)].join(";"), (s) =>
    [s.schoolCode, s.schoolName, s.year, ...SOCIAL_COLUMNS.map(([field]) => (typeof s[field] === "boolean" || s[field] === null ? yesNo(s[field] as boolean | null) : num(s[field] as number)))].join(";"),
  );
  return files;
}

async function main() {
  const schools = Number(process.env.BENCH_SCHOOLS ?? 40_000);
  let started = performance.now();
  const input = generateIdentificationData(schools);
  console.log(`данные: ${schools} школ × 3 года, ${input.results.length} строк результатов, ${input.social.length} социальных (${((performance.now() - started) / 1000).toFixed(1)} с на генерацию)`);

  started = performance.now();
  const output = identify(input, DEFAULT_IDENTIFICATION);
  const identifyMs = performance.now() - started;
  console.log(`identify: ${(identifyMs / 1000).toFixed(2)} с — кластеры ${JSON.stringify(output.clusters)}, ШНОР ${output.schools.filter((s) => s.shnor).length}, ШНСУ ${output.schools.filter((s) => s.shnsu).length}`);

  console.log(`пиковый RSS после расчёта (данные в памяти и результат): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} МБ`);

  const parserPath = new URL("../files/identification/index.ts", import.meta.url);
  let parser: { parseDataFile: (input: { kind: "results" | "social"; fileName: string; content: Uint8Array }) => Promise<{ data: unknown; problems: unknown[]; rowsRead: number }> } | null = null;
  try {
    parser = await import(parserPath.href);
  } catch (error) {
    console.log(`разбор файлов не измерен: ${(error as Error).message}`);
  }
  if (parser) {
    const files = toCsvFiles(input);
    const megabytes = files.reduce((sum, file) => sum + file.content.length, 0) / 1024 / 1024;
    let parseMs = 0;
    let rows = 0;
    for (const file of files) {
      const start = performance.now();
      const parsed = await parser.parseDataFile(file);
      parseMs += performance.now() - start;
      rows += parsed.rowsRead;
      if (!parsed.data) throw new Error(`${file.fileName}: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
    }
    console.log(`разбор CSV: ${(parseMs / 1000).toFixed(2)} с — ${files.length} файлов, ${megabytes.toFixed(0)} МБ, ${rows} строк`);
    const ratio = identifyMs / parseMs;
    console.log(`identify / разбор = ${ratio.toFixed(2)} (цель: весь расчёт ≤ 2 × разбор) ${ratio <= 2 ? "OK" : "ВЫШЕ ЦЕЛИ"}`);
  }
  console.log(`пиковый RSS за весь прогон (с разбором файлов): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} МБ`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
