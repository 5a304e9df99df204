// Adapter factory for prisma.config.ts (the Prisma CLI: generate, migrate diff/status).
// Kept apart from db.ts because the CLI loads it before the client is generated.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";

class TextNamePool extends pg.Pool {
  // prisma/orm#27403: report `name` (19) and `char` (18) columns as `text` (25).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override async query(...args: any[]): Promise<any> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const result: any = await (super.query as any)(...args);
    for (const field of result?.fields ?? []) {
      if (field.dataTypeID === 19 || field.dataTypeID === 18) field.dataTypeID = 25;
    }
    return result;
  }
}

export function makePgPool(databaseUrl: string, options: pg.PoolConfig = {}): pg.Pool {
  return new TextNamePool({ connectionString: databaseUrl, max: 10, ...options });
}

let cliPglite: PGlite | undefined;
/** The CLI calls the factory twice per command, so one PGlite is reused (STACK.md). */
export async function cliAdapter() {
  const url = process.env.DATABASE_URL;
  if (url) return new PrismaPg(makePgPool(url));
  const dir = path.resolve(process.env.DATA_DIR ?? "./data");
  fs.mkdirSync(dir, { recursive: true });
  return new PrismaPGlite((cliPglite ??= new PGlite(dir)));
}
