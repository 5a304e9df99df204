// People of a district written straight into the database for the broadcast tests (thousands in
// the benchmark): a person, their memberships, and an account per messenger they use.
import type { Role } from "../../core/roles.ts";
import type { Database } from "../../prisma/db.ts";

export interface SeededPerson {
  role: Role;
  schoolId: string | null;
  telegram?: number;
  max?: number;
  consent?: boolean;
  /** The Telegram account blocked the bot. */
  blocked?: boolean;
  name?: string;
}

export async function seedPeople(db: Database, districtId: string, people: SeededPerson[]): Promise<string[]> {
  const ids: string[] = [];
  const now = Date.now();
  for (const [index, person] of people.entries()) {
    const created = await db.prisma.person.create({
      data: {
        displayName: person.name ?? `Человек ${index + 1}`,
        consentAt: person.consent === false ? null : new Date(now),
        memberships: { create: { role: person.role, districtId, schoolId: person.schoolId } },
        accounts: {
          create: [
            ...(person.telegram !== undefined
              ? [{ channel: "telegram", externalId: String(person.telegram), chatId: String(person.telegram), blockedAt: person.blocked ? new Date(now) : null, lastSeenAt: new Date(now - 1000) }]
              : []),
            ...(person.max !== undefined ? [{ channel: "max", externalId: String(person.max), chatId: String(person.max), lastSeenAt: new Date(now) }] : []),
          ],
        },
      },
    });
    ids.push(created.id);
  }
  return ids;
}

/** Many people at once (createMany), for the benchmark: teachers with one Telegram chat each. */
export async function seedTeachers(db: Database, districtId: string, schoolId: string, count: number, firstChat: number): Promise<void> {
  const chunk = 1000;
  for (let start = 0; start < count; start += chunk) {
    const size = Math.min(chunk, count - start);
    const ids = Array.from({ length: size }, (_, index) => `bench${start + index}`);
    await db.prisma.person.createMany({ data: ids.map((id, index) => ({ id, displayName: `Педагог ${start + index + 1}`, consentAt: new Date() })) });
    await db.prisma.membership.createMany({ data: ids.map((personId) => ({ personId, role: "teacher", districtId, schoolId })) });
    await db.prisma.account.createMany({
      data: ids.map((personId, index) => ({ personId, channel: "telegram", externalId: String(firstChat + start + index), chatId: String(firstChat + start + index) })),
    });
  }
}
