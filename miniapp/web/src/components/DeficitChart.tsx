/** Mean deficit per area of a school as horizontal bars (our own SVG: no chart library to download). */
import type { AreaAggregate } from "../api.ts";
import { formatPercent, t } from "../messages/ru.ts";
import { tsch } from "../messages/ru-school.ts";
import { HorizontalBars } from "./charts/HorizontalBars.tsx";
import { levelColor } from "./level.ts";

export default function DeficitChart({ areas }: { areas: AreaAggregate[] }) {
  return (
    <HorizontalBars
      title={tsch("school.chartTitle")}
      format={(value) => `${formatPercent(value)}%`}
      bars={areas.map((area) => ({
        id: area.areaId,
        label: area.title,
        value: area.meanDeficit,
        color: levelColor[area.level],
        description: `${area.title}: ${tsch("school.meanDeficit", { value: formatPercent(area.meanDeficit) })}`,
      }))}
    />
  );
}
