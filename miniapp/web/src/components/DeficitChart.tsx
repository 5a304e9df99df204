/**
 * Horizontal bars of mean deficit per area. Loaded lazily: recharts is most of the app's weight,
 * and the first screen must open fast on a village connection.
 */
import { Bar, BarChart, Cell, LabelList, Text, XAxis, YAxis } from "recharts";
import type { AreaAggregate } from "../api.ts";
import { formatPercent } from "../messages/ru.ts";
import { levelColor } from "./level.ts";

const ROW_HEIGHT = 46;
const LABEL_WIDTH = 132;

interface TickProps {
  x?: number | string;
  y?: number | string;
  payload?: { value?: unknown };
}

/** Area titles are long ("Работа с обучающимися с ОВЗ"): wrap them to two lines instead of cutting. */
function AreaTick({ x, y, payload }: TickProps) {
  return (
    <Text
      x={Number(x ?? 0)}
      y={Number(y ?? 0)}
      width={LABEL_WIDTH - 8}
      maxLines={2}
      textAnchor="end"
      verticalAnchor="middle"
      fontSize={12}
      fill="currentColor"
    >
      {String(payload?.value ?? "")}
    </Text>
  );
}

export default function DeficitChart({ areas }: { areas: AreaAggregate[] }) {
  return (
    <BarChart
      responsive
      layout="vertical"
      data={areas}
      style={{ width: "100%", height: areas.length * ROW_HEIGHT + 16 }}
      margin={{ top: 8, right: 40, bottom: 8, left: 0 }}
      barCategoryGap={10}
      accessibilityLayer={false}
    >
      <XAxis type="number" domain={[0, 100]} hide />
      <YAxis
        type="category"
        dataKey="title"
        width={LABEL_WIDTH}
        tick={AreaTick}
        tickLine={false}
        axisLine={false}
        interval={0}
      />
      <Bar dataKey="meanDeficit" isAnimationActive={false} radius={[0, 6, 6, 0]} background={{ fill: "currentColor", fillOpacity: 0.08 }}>
        {areas.map((area) => (
          <Cell key={area.areaId} fill={levelColor[area.level]} />
        ))}
        <LabelList
          dataKey="meanDeficit"
          position="right"
          fontSize={12}
          fill="currentColor"
          formatter={(value: unknown) => `${formatPercent(Number(value))}%`}
        />
      </Bar>
    </BarChart>
  );
}
