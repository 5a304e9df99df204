// Who may use the personnel reserve routes (#15 §9, miniapp/api/routes/reserve.ts): district staff and a
// regional operator only — not the working group, not heads.
import { STAFF } from "./fixture.ts";
import type { MatrixFixture, RoutePolicy } from "./types.ts";

const candidate = { fullName: "Матрица Анна Викторовна", currentPosition: "учитель", targetPosition: "заместитель директора", training: [] };

async function existing(fixture: MatrixFixture) {
  const row = await fixture.db.prisma.reserveCandidate.create({
    data: { districtId: fixture.districtId, fullName: "Матрица Олег Петрович", currentPosition: "учитель", targetPosition: "директор" },
  });
  return { candidateId: row.id };
}

export const policy: RoutePolicy[] = [
  { method: "GET", path: "/api/districts/:districtId/reserve", allow: STAFF },
  { method: "POST", path: "/api/districts/:districtId/reserve", allow: STAFF, body: candidate },
  { method: "PUT", path: "/api/reserve/:candidateId", allow: STAFF, setup: existing, body: candidate },
  { method: "DELETE", path: "/api/reserve/:candidateId", allow: STAFF, setup: existing, note: "the first allowed call removes it; the next gets 404" },
];
