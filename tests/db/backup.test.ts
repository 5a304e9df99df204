// Backups (#16 §7): a filled database is backed up in the product's own format, restored into an
// empty database, and every table compared row by row; sequences continue past the restored ids;
// a damaged file and a non-empty target are refused with nothing written. On PostgreSQL also the
// pg_dump path where pg_dump is installed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BACKUP_TABLES,
  backupWithPgDump,
  BackupHeader,
  NOT_BACKED_UP,
  pgDumpProblem,
  pgToolVersion,
  restoreBackup,
  restoreWithPgRestore,
  serverVersion,
  verifyBackup,
  writeBackup,
} from "../../prisma/backup.ts";
import type { Database } from "../../prisma/db.ts";
import { onPostgres, openTestDatabase } from "../support/db.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shnor-backup-"));
let source: Database;
let target: Database;
const BIG_ID = 9_007_199_254_740_993n; // 2^53 + 1: lost if it ever passes through a JS number

/**
 * Three rows in every table of the backup, parents first, each column filled by its type: the rows
 * of the first two with values (JSON objects, then JSON null), the third with SQL NULL wherever the
 * column allows it. Foreign keys point at rows of the parent tables already filled, so a table
 * placed after its children in COPY_ORDER fails here.
 */
async function fillEveryTable(db: Database) {
  const foreign = await db.query<{ t: string; c: string; rt: string; rc: string }>(
    `SELECT conrelid::regclass::text AS t, a.attname AS c, confrelid::regclass::text AS rt, ra.attname AS rc FROM pg_constraint k
     JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
     JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
     WHERE k.contype = 'f' AND k.connamespace = 'public'::regnamespace`,
  );
  const unquote = (name: string) => name.replace(/^"|"$/g, "");
  const parentRows: Record<string, { v: string }[]> = {};
  for (const table of BACKUP_TABLES) {
    const columns = await db.query<{ name: string; type: string; notnull: boolean }>(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type, attnotnull AS notnull FROM pg_attribute
       WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      [`"${table}"`],
    );
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (let row = 0; row < 3; row++) {
      const first = values.length;
      for (const column of columns) {
        const fk = foreign.find((key) => unquote(key.t) === table && key.c === column.name);
        if (row === 2 && !column.notnull) values.push(null);
        else if (fk) {
          const parents = (parentRows[`${fk.rt}.${fk.rc}`] ??= await db.query<{ v: string }>(`SELECT "${fk.rc}"::text AS v FROM ${fk.rt} ORDER BY 1`));
          expect(parents.length, `${table}.${column.name} → ${fk.rt}: the parent comes later in COPY_ORDER`).toBeGreaterThan(0);
          values.push(parents[row % parents.length]!.v);
        } else if (column.type === "bigint") values.push(String(column.name === "id" ? BIG_ID + BigInt(row) : 12_345_678_901_234_567n + BigInt(row)));
        else if (column.type === "integer") values.push(String(row + 1));
        else if (column.type === "double precision") values.push(String(0.1 + row / 3));
        else if (column.type === "boolean") values.push(row === 0 ? "true" : "false");
        else if (column.type.startsWith("timestamp")) values.push(`2026-11-2${row} 09:00:0${row}.12${row}${column.type.includes("with time") ? "+03" : ""}`);
        else if (column.type === "jsonb") values.push(row === 0 ? JSON.stringify({ k: "знач\"ение", n: [1, 2.5, null] }) : "null");
        else if (column.type === "bytea") values.push(row === 0 ? "\\x000102ff5c78" : "\\x");
        else if (column.type === "text[]") values.push(row === 0 ? '{a,"b c","d\\"e"}' : "{}");
        else if (column.type === "integer[]") values.push("{1,2,3}");
        else values.push(`${table}.${column.name}.${row} «кавычки» 'и'\nперевод строки`.slice(0, column.type.includes("(36)") ? 36 : 200));
      }
      tuples.push(`(${columns.map((column, index) => `$${first + index + 1}::text::${column.type}`).join(", ")})`);
    }
    const list = columns.map((column) => `"${column.name}"`).join(", ");
    // ResponseSchool: the Response trigger may have recorded the same pair already.
    await db.query(`INSERT INTO "${table}" (${list}) VALUES ${tuples.join(", ")} ON CONFLICT DO NOTHING`, values);
  }
}

beforeAll(async () => {
  [source, target] = await Promise.all([openTestDatabase(), openTestDatabase()]);
  await fillEveryTable(source);
  // A completed response records its author's schools by trigger (also when restored); the rows of
  // the backup must win over what the trigger computes from the restored memberships, so move the
  // teacher to another school after completion.
  const [member] = await source.query<{ personId: string; districtId: string; schoolId: string }>(
    `UPDATE "Membership" SET role = 'teacher', active = true WHERE id = (SELECT id FROM "Membership" WHERE "schoolId" IS NOT NULL ORDER BY id LIMIT 1) RETURNING "personId", "districtId", "schoolId"`,
  );
  const [response] = await source.query<{ id: string; campaignId: string }>(`SELECT id, "campaignId" FROM "Response" ORDER BY id LIMIT 1`);
  await source.query(`UPDATE "Campaign" SET "districtId" = $1 WHERE id = $2`, [member!.districtId, response!.campaignId]);
  await source.query(`UPDATE "Response" SET "personId" = $1, "completedAt" = NULL WHERE id = $2`, [member!.personId, response!.id]);
  await source.query(`UPDATE "Response" SET "completedAt" = now() WHERE id = $1`, [response!.id]);
  expect(await source.query(`SELECT 1 FROM "ResponseSchool" WHERE "responseId" = $1 AND "schoolId" = $2`, [response!.id, member!.schoolId])).toHaveLength(1);
  const other = await source.query<{ id: string }>(`SELECT id FROM "School" WHERE id <> $1 LIMIT 1`, [member!.schoolId]);
  await source.query(`UPDATE "Membership" SET "schoolId" = $1 WHERE "personId" = $2 AND role = 'teacher'`, [other[0]!.id, member!.personId]);
  // Left out on purpose: these must not travel.
  await source.prisma.channelThrottle.create({ data: { channel: "telegram", nextSendAt: new Date() } });
}, 60_000);
afterAll(async () => {
  await source?.close();
  await target?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every row of a table in a stable order, each as PostgreSQL's text forms of its columns. */
async function rowsOf(db: Database, table: string): Promise<string[]> {
  const columns = await db.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [`"${table}"`],
  );
  const list = columns.map((column) => `"${column.name}"::text`).join(", ");
  const rows = await db.query<{ r: string }>(`SELECT json_build_array(${list})::text AS r FROM "${table}" ORDER BY 1`);
  return rows.map((row) => row.r);
}

async function expectSameRows(from: Database, to: Database, header: BackupHeader) {
  for (const table of BACKUP_TABLES) {
    const expected = await rowsOf(from, table);
    expect(header.tables.find((entry) => entry.table === table)?.rows, table).toBe(expected.length);
    expect(await rowsOf(to, table), table).toEqual(expected);
  }
}

describe("резервная копия в формате продукта", () => {
  let file: string;
  let header: BackupHeader;

  it("пишет заголовок и все таблицы; испорченный или обрезанный файл не восстанавливается, ничего не записано", async () => {
    file = path.join(dir, "full.shnor.gz");
    const progress: string[] = [];
    const written = await writeBackup(source, file, { onProgress: (table) => progress.push(table) });
    header = written.header!;
    expect(progress).toEqual(BACKUP_TABLES);
    expect(header.databaseKind).toBe(source.kind);
    expect(header.migrations.length).toBeGreaterThan(10);
    expect(header.notIncluded).toEqual(Object.keys(NOT_BACKED_UP));
    // Every table of the backup has rows (the ResponseSchool pair of the trigger included).
    expect(header.tables.filter((entry) => entry.rows < 2)).toEqual([]);
    expect(await verifyBackup(file)).toEqual(header);
    await expect(writeBackup(source, file)).rejects.toThrow(/уже есть/);

    // Same header, one changed character in a row: still valid gzip and JSON, only the checksum tells.
    const text = zlib.gunzipSync(fs.readFileSync(file)).toString("utf8");
    const [first, ...rest] = text.split("\n");
    const body = rest.join("\n").replace("District.name.0", "District.name.O");
    expect(body).not.toBe(rest.join("\n"));
    const damaged = path.join(dir, "damaged.shnor.gz");
    fs.writeFileSync(damaged, zlib.gzipSync(`${first}\n${body}`));
    await expect(verifyBackup(damaged)).rejects.toThrow(/контрольная сумма sha256 не совпадает/);
    await expect(restoreBackup(target, damaged)).rejects.toThrow(/sha256/);
    const cut = path.join(dir, "cut.shnor.gz");
    fs.writeFileSync(cut, fs.readFileSync(file).subarray(0, Math.floor(fs.statSync(file).size * 0.6)));
    await expect(restoreBackup(target, cut)).rejects.toThrow(/повреждён|неполон/);
    for (const table of BACKUP_TABLES) expect((await rowsOf(target, table)).length, table).toBe(0);
  }, 30_000);

  it("восстанавливает в пустую базу каждую таблицу строка в строку, и новые строки получают новые id", async () => {
    const restored = await restoreBackup(target, file);
    expect(restored.sha256).toBe(header.sha256);
    await expectSameRows(source, target, header);
    expect(await target.prisma.channelThrottle.count()).toBe(0);

    // The awkward values, read back through Prisma.
    const audit = await target.prisma.auditEntry.findMany({ orderBy: { id: "asc" } });
    expect(audit.map((entry) => entry.id)).toEqual([BIG_ID, BIG_ID + 1n, BIG_ID + 2n]);
    expect(audit[0]!.details).toEqual({ k: 'знач"ение', n: [1, 2.5, null] });
    expect(audit[0]!.actorLabel).toBe("AuditEntry.actorLabel.0 «кавычки» 'и'\nперевод строки");
    // JSON null stays JSON null and SQL NULL stays NULL.
    const details = await target.query<{ d: string | null }>(`SELECT details::text AS d FROM "AuditEntry" ORDER BY id`);
    expect(details.map((row) => row.d)).toEqual(['{"k": "знач\\"ение", "n": [1, 2.5, null]}', "null", null]);
    const update = await target.prisma.inboundUpdate.findUniqueOrThrow({ where: { id: BIG_ID } });
    expect(update.seq).toBe(12_345_678_901_234_567n);
    const certificate = await target.query<{ hex: string }>(`SELECT encode(certificate, 'hex') AS hex FROM "RouteItem" WHERE certificate IS NOT NULL ORDER BY 1`);
    expect(certificate.map((row) => row.hex)).toEqual(["", "000102ff5c78"]);

    // Sequences were set past the restored ids: new rows get new ids.
    const next = await target.prisma.auditEntry.create({ data: { actorLabel: "после восстановления", via: "cli", action: "export", target: "x" } });
    expect(next.id).toBe(BIG_ID + 3n);
    const nextUpdate = await target.prisma.inboundUpdate.create({ data: { channel: "telegram:1", updateKey: "901", chatKey: "telegram:1:5", seq: 1n, payload: {} } });
    expect(nextUpdate.id).toBe(BIG_ID + 3n);
  }, 30_000);

  it("отказывается восстанавливать в непустую базу и ничего не пишет", async () => {
    const before = await target.prisma.auditEntry.count();
    await expect(restoreBackup(target, file)).rejects.toThrow(/База не пуста: в таблице District/);
    expect(await target.prisma.auditEntry.count()).toBe(before);
  });
});

const pgDump = pgToolVersion("pg_dump");
describe.runIf(onPostgres() && pgDump.version)("резервная копия через pg_dump (PostgreSQL)", () => {
  it("pg_dump -Fc и pg_restore в новую базу дают те же строки; в базу с таблицами не восстанавливает", async () => {
    const server = await serverVersion(source);
    expect(pgDumpProblem(pgDump, server)).toBeNull();
    const url = (db: Database) => db.query<{ d: string }>("SELECT current_database() AS d").then((rows) => {
      const base = new URL(process.env.TEST_DATABASE_URL!);
      base.pathname = `/${rows[0]!.d}`;
      return base.toString();
    });
    const file = path.join(dir, "full.dump");
    const seen: string[] = [];
    const dumped = await backupWithPgDump(await url(source), file, { onProgress: (table) => seen.push(table) });
    expect(dumped.bytes).toBeGreaterThan(1000);
    expect(seen).toContain("AuditEntry");
    // A fresh database without any table (openTestDatabase migrates, so empty it of its schema first).
    const fresh = await openTestDatabase();
    try {
      await expect(restoreWithPgRestore(fresh, await url(fresh), file)).rejects.toThrow(/База не пуста: в ней уже есть таблица/);
      await fresh.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
      await restoreWithPgRestore(fresh, await url(fresh), file);
      const header = (await writeBackup(source, path.join(dir, "compare.shnor.gz"))).header!;
      await expectSameRows(source, fresh, header);
      // pg_dump carries each sequence as it is (the source's rows above were inserted with their ids).
      for (const sequence of ["AuditEntry_id_seq", "InboundUpdate_id_seq"]) {
        const state = (db: Database) => db.query(`SELECT last_value::text AS v, is_called AS c FROM "${sequence}"`);
        expect(await state(fresh), sequence).toEqual(await state(source));
      }
    } finally {
      await fresh.close();
    }
  }, 60_000);
});

describe("копия и журнал через работающий сервер (admin bridge)", () => {
  it("сервер, который держит базу, сам пишет копию и отдаёт журнал действий; чужие имена команд не исполняются", async () => {
    const { startAdminBridge, forwardCommand } = await import("../../server/admin-bridge.ts");
    const bridge = await startAdminBridge(source.prisma, { database: source, token: "t".repeat(48) });
    try {
      const out = path.join(dir, "through-server.backup");
      const summary = (await forwardCommand(bridge.owner, "backup", { out })) as { file: string; header: BackupHeader };
      expect(summary.file).toBe(out);
      const header = await verifyBackup(out);
      expect(header.sha256).toBe(summary.header.sha256);
      expect(header.tables.map((entry) => entry.table)).toEqual(BACKUP_TABLES);
      // A relative path or an existing file is refused: the server never writes where the operator did not mean.
      await expect(forwardCommand(bridge.owner, "backup", { out: "relative.backup" })).rejects.toThrow(/полный путь/);
      await expect(forwardCommand(bridge.owner, "backup", { out })).rejects.toThrow(/уже есть/);
      const [district] = await source.query<{ id: string }>(`SELECT id FROM "District" ORDER BY id LIMIT 1`);
      const listed = (await forwardCommand(bridge.owner, "audit list", { district: district!.id, query: {} })) as { district: { id: string }; page: { entries: unknown[] } };
      expect(listed.district.id).toBe(district!.id);
      expect(Array.isArray(listed.page.entries)).toBe(true);
      await expect(forwardCommand(bridge.owner, "__proto__", {})).rejects.toThrow(/Неизвестная команда/);
      await expect(forwardCommand(bridge.owner, "constructor", {})).rejects.toThrow(/Неизвестная команда/);
    } finally {
      await bridge.close();
    }
  });
});
