// Who may use the library routes (#15 §5, miniapp/api/routes/library.ts): every member of the district
// reads, searches and downloads; district staff, a regional operator and the institute's methodologists
// add, edit, archive and attach files; a teacher's route item is linked by its teacher only.
import type { Role } from "../../core/roles.ts";
import { ALL_ROLES } from "./fixture.ts";
import type { MatrixFixture, RoutePolicy } from "./types.ts";

const KEEPERS: readonly Role[] = ["district", "regional", "methodologist"];

const material = {
  kind: "methodical",
  title: "Матрица: методические рекомендации",
  url: "https://example.ru/material",
  areas: ["disabilities"],
  riskFactors: ["disabilities"],
};

async function item(fixture: MatrixFixture) {
  const row = await fixture.db.prisma.libraryItem.create({ data: { districtId: fixture.districtId, kind: "methodical", title: "Матрица: материал" } });
  return { itemId: row.id };
}

/** An item of the fixture teacher's own route. */
async function routeItem(fixture: MatrixFixture) {
  const route = await fixture.db.prisma.learningRoute.create({
    data: { districtId: fixture.districtId, kind: "teacher", personId: fixture.people.teacher, year: 2099, items: { create: [{ position: 1, kind: "seminar", title: "Матрица: семинар" }] } },
    include: { items: true },
  });
  return { itemId: route.items[0]!.id };
}

export const policy: RoutePolicy[] = [
  { method: "GET", path: "/api/districts/:districtId/library", allow: ALL_ROLES, note: "every member of the district reads" },
  { method: "POST", path: "/api/districts/:districtId/library", allow: KEEPERS, body: material },
  { method: "GET", path: "/api/library/:itemId", allow: ALL_ROLES, setup: item },
  { method: "PUT", path: "/api/library/:itemId", allow: KEEPERS, setup: item, body: material },
  { method: "POST", path: "/api/library/:itemId/archive", allow: KEEPERS, setup: item, body: { archived: false } },
  { method: "POST", path: "/api/library/:itemId/file", allow: KEEPERS, setup: item, note: "the raw file with X-File-Name; without one the keepers get 400" },
  { method: "DELETE", path: "/api/library/:itemId/file", allow: KEEPERS, setup: item },
  { method: "GET", path: "/api/library/:itemId/file", allow: ALL_ROLES, setup: item, note: "the item has no file: readers get 404" },
  {
    method: "PUT",
    path: "/api/route-items/:itemId/library-item",
    allow: ["teacher"],
    setup: routeItem,
    body: { libraryItemId: null },
    note: "a teacher's route: its teacher only (a team route: its school's head and district staff)",
  },
];
