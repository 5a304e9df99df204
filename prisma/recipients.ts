// Who a management notice goes to (core/services/recipients-ports.ts): one entry per person, with the
// last-seen account that has a chat and has not blocked the bot.
import { isRole, type Role } from "../core/roles.ts";
import type { Channel } from "../core/services/ports.ts";
import type { Recipient, RecipientFilter, RecipientsRepository } from "../core/services/recipients-ports.ts";
import type { PrismaClient } from "./db.ts";

export class PrismaRecipientsRepository implements RecipientsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async recipients(districtId: string, filter: RecipientFilter): Promise<Recipient[]> {
    const memberships = await this.prisma.membership.findMany({
      where: {
        districtId,
        active: true,
        ...(filter.roles ? { role: { in: [...filter.roles] } } : {}),
        ...(filter.schoolIds ? { schoolId: { in: [...filter.schoolIds] } } : {}),
        ...(filter.personIds ? { personId: { in: [...filter.personIds] } } : {}),
      },
      select: {
        personId: true,
        role: true,
        schoolId: true,
        person: {
          select: {
            displayName: true,
            consentAt: true,
            accounts: { where: { chatId: { not: null }, blockedAt: null }, orderBy: { lastSeenAt: "desc" }, take: 1, select: { channel: true, chatId: true } },
          },
        },
      },
    });
    const people = new Map<string, Recipient>();
    for (const { personId, role, schoolId, person } of memberships) {
      if (!isRole(role)) continue;
      let entry = people.get(personId);
      if (!entry) {
        const account = person.accounts[0];
        entry = {
          personId,
          displayName: person.displayName,
          roles: [],
          schoolIds: [],
          account: account?.chatId ? { channel: account.channel as Channel, chatId: account.chatId } : null,
          consented: person.consentAt !== null,
        };
        people.set(personId, entry);
      }
      if (!entry.roles.includes(role as Role)) entry.roles.push(role as Role);
      if (schoolId && !entry.schoolIds.includes(schoolId)) entry.schoolIds.push(schoolId);
    }
    return [...people.values()].sort((a, b) => (a.displayName ?? "").localeCompare(b.displayName ?? "", "ru") || a.personId.localeCompare(b.personId));
  }
}
