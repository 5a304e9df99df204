// Seeds bench/region.ts's districts fast (a few statements per 5000 people, not one API call each), with the
// rows the product itself makes when people join and the district opens the diagnostic: the
// district with its operator of personal data, schools, people who gave consent (CONSENT_VERSION),
// one Telegram account each (chat id = user id, as in a private chat), active memberships, a
// district staff member for the broadcast, and the open teacher diagnostic campaign on the default
// version (24 questions) through prisma/admin.ts openCampaign, as `campaign open` does.
import { randomUUID } from "node:crypto";
import { createDistrict, openCampaign } from "../prisma/admin.ts";
import type { Database } from "../prisma/db.ts";
import { CONSENT_VERSION } from "../core/services/onboarding.ts";

export interface SeededTeacher {
  chat: number;
  personId: string;
}

export interface SeededDistrict {
  districtId: string;
  campaignId: string;
  schools: number;
  teachers: SeededTeacher[];
  staff: { chat: number; personId: string };
}

/** Ids in Prisma's cuid alphabet (lower-case letters and digits), made here for the bulk inserts. */
const newId = () => `r${randomUUID().replaceAll("-", "")}`;

const FIRST_NAMES = ["Ольга", "Наталья", "Елена", "Татьяна", "Ирина", "Светлана", "Марина", "Анна", "Сергей", "Андрей"];
const LAST_NAMES = ["Иванова", "Петрова", "Смирнова", "Кузнецова", "Попова", "Васильева", "Соколова", "Михайлова", "Новикова", "Фёдорова"];

export async function seedDistrict(
  db: Database,
  input: { name: string; schools: number; teachers: number; firstChat: number; staffChat: number },
): Promise<SeededDistrict> {
  const prisma = db.prisma;
  const district = await createDistrict(prisma, { name: input.name, timezone: "Europe/Moscow" });
  // No invite is issued before the operator of personal data is named (152-ФЗ); the people here
  // joined already, but the district is set up as a real one is.
  await prisma.district.update({
    where: { id: district.id },
    data: {
      operatorName: `Управление образования (${input.name})`,
      operatorAddress: "000000, Тестовая обл., г. Замерск, ул. Школьная, д. 1",
      consentTerm: "до окончания замера",
      operatorSetAt: new Date(),
    },
  });
  const schoolIds = Array.from({ length: input.schools }, () => newId());
  for (let start = 0; start < schoolIds.length; start += 1000) {
    await prisma.school.createMany({
      data: schoolIds.slice(start, start + 1000).map((id, index) => ({
        id,
        districtId: district.id,
        name: `МБОУ СОШ №${start + index + 1}`,
        code: String(start + index + 1).padStart(4, "0"),
      })),
    });
  }

  const joined = new Date(Date.now() - 30 * 86_400_000);
  const teachers: SeededTeacher[] = Array.from({ length: input.teachers }, (_, index) => ({ chat: input.firstChat + index, personId: newId() }));
  const staff = { chat: input.staffChat, personId: newId() };
  const people = [
    { ...staff, role: "district", schoolId: null as string | null, name: "Ольга Сергеевна Методистова" },
    ...teachers.map((teacher, index) => ({
      ...teacher,
      role: "teacher",
      // Teachers spread over the schools as evenly as the counts allow.
      schoolId: schoolIds[index % schoolIds.length]!,
      name: `${LAST_NAMES[index % LAST_NAMES.length]} ${FIRST_NAMES[Math.floor(index / LAST_NAMES.length) % FIRST_NAMES.length]} (${index + 1})`,
    })),
  ];
  // Plain SQL with unnest: one statement per table and chunk (Prisma's createMany on a busy machine
  // took over 5 s for 4000 people, past its transaction timeout). Timestamps in UTC, as Prisma writes them.
  const CHUNK = 5000;
  const at = joined.toISOString();
  for (let start = 0; start < people.length; start += CHUNK) {
    const part = people.slice(start, start + CHUNK);
    const ids = part.map((person) => person.personId);
    await db.query(
      `INSERT INTO "Person" ("id", "displayName", "consentAt", "consentVersion", "createdAt")
       SELECT id, name, $3::timestamp, $4, $3::timestamp FROM unnest($1::text[], $2::text[]) AS t(id, name)`,
      [ids, part.map((person) => person.name), at, CONSENT_VERSION],
    );
    await db.query(
      `INSERT INTO "Account" ("id", "personId", "channel", "externalId", "chatId", "firstName", "lastSeenAt", "createdAt")
       SELECT id, person, 'telegram', chat, chat, first, $5::timestamp, $5::timestamp
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(id, person, chat, first)`,
      [part.map(() => newId()), ids, part.map((person) => String(person.chat)), part.map((person) => person.name.split(" ")[1] ?? null), at],
    );
    await db.query(
      `INSERT INTO "Membership" ("id", "personId", "role", "districtId", "schoolId", "active", "createdAt")
       SELECT id, person, role, $5, school, true, $6::timestamp FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(id, person, role, school)`,
      [part.map(() => newId()), ids, part.map((person) => person.role), part.map((person) => person.schoolId), district.id, at],
    );
  }
  const now = Date.now();
  const campaign = await openCampaign(prisma, {
    districtId: district.id,
    title: "Диагностика профессиональных дефицитов (замер)",
    opensAt: new Date(now - 86_400_000),
    closesAt: new Date(now + 20 * 86_400_000),
  });
  return { districtId: district.id, campaignId: campaign.id, schools: schoolIds.length, teachers, staff };
}
