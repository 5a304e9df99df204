// /mydata is everything the product keeps about a person (152-ФЗ): since #13 also the attributes a
// teacher gave and their routes (ИОМ) with marks and certificate files; /deletedata removes them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../prisma/db.ts";
import { openTestDatabase } from "../support/db.ts";
import { makeDistrict } from "../support/district.ts";

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe("выгрузка своих данных: маршрут и сведения о себе", () => {
  it("содержит стаж, категорию, пункты маршрута с отметками и файлом сертификата; удаление человека удаляет их", async () => {
    const { district, repo } = await makeDistrict(db);
    const person = await db.prisma.person.create({ data: { displayName: "Учитель" } });
    await db.prisma.teacherAttributes.create({ data: { personId: person.id, serviceYears: 2, category: "none", young: true } });
    const route = await db.prisma.learningRoute.create({
      data: { districtId: district.id, kind: "teacher", personId: person.id, year: 2026 },
    });
    const done = await db.prisma.routeItem.create({
      data: { routeId: route.id, position: 0, kind: "course", title: "Формирующее оценивание", doneAt: new Date(), certificateName: "udost.pdf" },
    });
    await db.prisma.routeItem.create({ data: { routeId: route.id, position: 1, kind: "seminar", title: "Смысловое чтение" } });
    const file = Buffer.from("%PDF-1.4 удостоверение");
    await db.prisma.$executeRaw`UPDATE "RouteItem" SET "certificate" = decode(${file.toString("base64")}, 'base64') WHERE "id" = ${done.id}`;

    const exported = (await repo.personExport(person.id))!;
    expect(exported.attributes).toMatchObject({ serviceYears: 2, category: "none", young: true, newlyArrived: null });
    expect(exported.routes).toHaveLength(1);
    expect(exported.routes[0]!.items.map((item) => [item.kind, item.title, item.doneAt !== null])).toEqual([
      ["course", "Формирующее оценивание", true],
      ["seminar", "Смысловое чтение", false],
    ]);
    expect(Buffer.from(exported.routes[0]!.items[0]!.certificateBase64!, "base64").equals(file)).toBe(true);
    expect(exported.routes[0]!.items[1]!.certificateBase64).toBeNull();

    await repo.deletePerson(person.id);
    expect(await db.prisma.teacherAttributes.count({ where: { personId: person.id } })).toBe(0);
    expect(await db.prisma.learningRoute.count({ where: { personId: person.id } })).toBe(0);
    expect(await db.prisma.routeItem.count({ where: { routeId: route.id } })).toBe(0);
  });
});
