// The durable inbox of webhook updates (#16): a webhook call is answered once its update is stored
// here, and the update is handled afterwards, one chat at a time across instances, in the
// messenger's order (server/webhooks.ts). Plain SQL: it runs on Prisma's pool for the insert and on
// the inbox's own lock connection (PostgreSQL) or the embedded database (PGlite) for the drain.
// Timestamps are written and compared in UTC, as Prisma writes them.

/** Anything that runs one parameterised statement: `Database.query` or a `pg` client. */
export type Sql = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

export interface InboundRow {
  id: string;
  channel: string;
  updateKey: string;
  chatKey: string;
  payload: unknown;
  /** Starts so far, this one included (attempts > 1: it was started before and did not finish). */
  attempts: number;
}

export interface NewInbound {
  channel: string;
  updateKey: string;
  chatKey: string;
  seq: bigint | number;
  payload: unknown;
}

const NOW = `(now() AT TIME ZONE 'UTC')`;

/** Stores an update; false when it was stored before (a redelivery): the unique key makes it once. */
export async function storeInbound(sql: Sql, update: NewInbound): Promise<boolean> {
  const rows = await sql<{ id: string }>(
    `INSERT INTO "InboundUpdate" ("channel", "updateKey", "chatKey", "seq", "payload", "receivedAt")
     VALUES ($1, $2, $3, $4::bigint, $5::jsonb, ${NOW})
     ON CONFLICT ("channel", "updateKey") DO NOTHING
     RETURNING "id"::text AS id`,
    [update.channel, update.updateKey, update.chatKey, String(update.seq), JSON.stringify(update.payload)],
  );
  return rows.length === 1;
}

/**
 * Takes the chat's next pending update (lowest seq, then id) and counts the start, in one statement.
 * Only under the chat's lock: nobody else takes rows of this chat meanwhile.
 */
export async function takeNext(sql: Sql, chatKey: string): Promise<InboundRow | null> {
  const rows = await sql<InboundRow>(
    `UPDATE "InboundUpdate" SET "attempts" = "attempts" + 1
     WHERE "id" = (SELECT "id" FROM "InboundUpdate" WHERE "chatKey" = $1 AND "handledAt" IS NULL ORDER BY "seq", "id" LIMIT 1)
     RETURNING "id"::text AS id, "channel", "updateKey" AS "updateKey", "chatKey" AS "chatKey", "payload", "attempts"`,
    [chatKey],
  );
  const row = rows[0];
  if (!row) return null;
  return { ...row, attempts: Number(row.attempts), payload: typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload };
}

/** Whether the chat has pending updates (the re-check after a drain unlocks). */
export async function hasPending(sql: Sql, chatKey: string): Promise<boolean> {
  const rows = await sql(`SELECT 1 FROM "InboundUpdate" WHERE "chatKey" = $1 AND "handledAt" IS NULL LIMIT 1`, [chatKey]);
  return rows.length > 0;
}

/** Done: handled, or given up after its last attempt (then `error` says why). */
export async function markHandled(sql: Sql, id: string, error?: string): Promise<void> {
  await sql(`UPDATE "InboundUpdate" SET "handledAt" = ${NOW}, "lastError" = $2 WHERE "id" = $1::bigint AND "handledAt" IS NULL`, [id, error ?? null]);
}

/** A failed attempt: why, for the next one and for the admin. */
export async function markFailed(sql: Sql, id: string, error: string): Promise<void> {
  await sql(`UPDATE "InboundUpdate" SET "lastError" = $2 WHERE "id" = $1::bigint`, [id, error]);
}

/** Chats with updates pending longer than `olderThanMs` (their drain died or never ran). */
export async function stalledChats(sql: Sql, olderThanMs: number, limit = 200): Promise<string[]> {
  const rows = await sql<{ chatKey: string }>(
    `SELECT DISTINCT "chatKey" AS "chatKey" FROM "InboundUpdate"
     WHERE "handledAt" IS NULL AND "receivedAt" <= ${NOW} - ($1::text || ' milliseconds')::interval
     LIMIT $2`,
    [String(Math.max(0, Math.round(olderThanMs))), limit],
  );
  return rows.map((row) => row.chatKey);
}

/** Handled updates older than `keepMs` go (redeliveries come within minutes; a day is plenty). */
export async function deleteHandled(sql: Sql, keepMs: number): Promise<number> {
  const rows = await sql(
    `DELETE FROM "InboundUpdate" WHERE "handledAt" IS NOT NULL AND "handledAt" < ${NOW} - ($1::text || ' milliseconds')::interval RETURNING 1`,
    [String(Math.round(keepMs))],
  );
  return rows.length;
}

/** PostgreSQL: the chat's session advisory lock, on the caller's own connection. */
export async function tryChatLock(sql: Sql, chatKey: string): Promise<boolean> {
  const rows = await sql<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked`, [chatKey]);
  return rows[0]?.locked === true;
}

export async function releaseChatLock(sql: Sql, chatKey: string): Promise<void> {
  await sql(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [chatKey]);
}
