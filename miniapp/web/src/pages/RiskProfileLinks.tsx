/**
 * The home page's way to the risk profile (#13 §6): a head to their school's profile, district staff to the
 * district's list. Kept tiny: it sits in the first screen's bundle; the pages load on demand.
 */
import { Cell, Section } from "@telegram-apps/telegram-ui";
import type { Me } from "../api.ts";
import type { Route } from "../router.ts";

const text = {
  school: "Рисковый профиль школы",
  schoolHint: (school: string) => `${school}: десять факторов риска, среднее по району, история`,
  district: "Рисковые профили школ",
  districtHint: (district: string) => `${district}: факторы риска каждой школы, пороги и правила района`,
};

export function RiskProfileLinks({ me, navigate }: { me: Me; navigate: (route: Route) => void }) {
  // District staff, a regional operator and the working group (read-only, #15).
  const districts = [
    ...new Map(
      me.roles
        .filter((grant) => grant.role === "district" || grant.role === "regional" || grant.role === "working_group")
        .map((grant) => [grant.districtId, grant.districtName]),
    ),
  ];
  const schools = [...new Map(me.roles.filter((grant) => grant.role === "head" && grant.schoolId).map((grant) => [grant.schoolId!, grant.schoolName ?? ""]))];
  if (!districts.length && !schools.length) return null;
  return (
    <Section>
      {districts.map(([districtId, name]) => (
        <Cell
          key={districtId}
          Component="button"
          className="link-cell"
          multiline
          data-testid={`risk-district-link-${districtId}`}
          after={<span aria-hidden="true">›</span>}
          description={text.districtHint(name)}
          onClick={() => navigate({ page: "riskDistrict", districtId })}
        >
          {text.district}
        </Cell>
      ))}
      {schools.map(([schoolId, name]) => (
        <Cell
          key={schoolId}
          Component="button"
          className="link-cell"
          multiline
          data-testid={`risk-link-${schoolId}`}
          after={<span aria-hidden="true">›</span>}
          description={text.schoolHint(name)}
          onClick={() => navigate({ page: "riskProfile", schoolId })}
        >
          {text.school}
        </Cell>
      ))}
    </Section>
  );
}
