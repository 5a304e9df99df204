// Messenger update ids already handled, kept in the database for a day: Telegram redelivers updates
// it has not seen confirmed (a restart between handling and the next getUpdates), emulators repeat
// them, and MAX webhooks retry. In-memory de-duplication forgets all that at every restart.
import type { PrismaClient } from "./generated/client.ts";
import type { UpdateLog } from "../bot/context.ts";
import type { AccountRef, PersonView } from "../core/services/ports.ts";
import type { PrismaRepository } from "./repository.ts";

const KEEP_MS = 24 * 3600_000;
const CLEANUP_EVERY_MS = 3600_000;

export class PrismaUpdateLog implements UpdateLog {
  private lastCleanup = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => Date = () => new Date(),
    /** With the repository, a claim also reads the person behind the account (one statement a turn). */
    private readonly repo?: PrismaRepository,
  ) {}

  /** Ids older than a day go, once an hour (and at the first claim after a start). */
  private async cleanup(now: Date): Promise<void> {
    if (now.getTime() - this.lastCleanup <= CLEANUP_EVERY_MS) return;
    this.lastCleanup = now.getTime();
    await this.prisma.processedUpdate.deleteMany({ where: { processedAt: { lt: new Date(now.getTime() - KEEP_MS) } } });
  }

  async claimWithPerson(
    channel: string,
    updateKey: string,
    account: AccountRef,
    prefetch?: string,
  ): Promise<{ fresh: boolean; person?: PersonView | null }> {
    const now = this.now();
    await this.cleanup(now);
    if (!this.repo) {
      // Not read here: the engine reads the person itself.
      return { fresh: await this.claim(channel, updateKey) };
    }
    return this.repo.claimUpdateAndFindPerson({ channel, key: updateKey, at: now }, account.channel, account.externalId, prefetch);
  }

  async claim(channel: string, updateKey: string): Promise<boolean> {
    const now = this.now();
    await this.cleanup(now);
    // One statement per update: the insert is the claim, a conflict means "handled before".
    const inserted = await this.prisma.$executeRaw`
      INSERT INTO "ProcessedUpdate" ("channel", "updateKey", "processedAt") VALUES (${channel}, ${updateKey}, ${now})
      ON CONFLICT DO NOTHING`;
    return inserted === 1;
  }

  async release(channel: string, updateKey: string): Promise<void> {
    await this.prisma.processedUpdate.deleteMany({ where: { channel, updateKey } });
  }
}
