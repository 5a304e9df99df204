/**
 * Horizontal bars of mean deficit per area. Loaded lazily: recharts is most of the app's weight,
 * and the first screen must open fast on a village connection.
 */
import { useEffect, useRef, useState } from "react";
import { Bar, BarChart, Cell, LabelList, Text, XAxis, YAxis } from "recharts";
import type { AreaAggregate } from "../api.ts";
import { formatPercent } from "../messages/ru.ts";
import { levelColor } from "./level.ts";

const ROW_HEIGHT = 50;
const BAR_SIZE = 14;
const TITLE_GAP = 6;
const RIGHT_MARGIN = 44;

interface LabelProps {
  x?: number | string;
  y?: number | string;
  value?: unknown;
}

/** On a 360 px phone a label column beside the bars leaves no room: the area title goes above its bar. */
function AreaTitle({ x, y, value, chartWidth }: LabelProps & { chartWidth: number }) {
  const left = Number(x ?? 0);
  return (
    <Text
      x={left}
      y={Number(y ?? 0) - TITLE_GAP}
      width={chartWidth - left - 8}
      maxLines={1}
      fontSize={13}
      fill="currentColor"
    >
      {String(value ?? "")}
    </Text>
  );
}

/** Figures in one column right of the tracks, so they line up and never sit on a bar. */
function Percent({ y, value, chartWidth }: LabelProps & { chartWidth: number }) {
  return (
    <text
      x={chartWidth - RIGHT_MARGIN + 8}
      y={Number(y ?? 0) + BAR_SIZE / 2}
      dominantBaseline="central"
      fontSize={12}
      fontWeight={600}
      fill="currentColor"
    >
      {`${formatPercent(Number(value))}%`}
    </text>
  );
}

export default function DeficitChart({ areas }: { areas: AreaAggregate[] }) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry?.contentRect.width ?? 0)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  return (
    // The chart repeats the list below it for sighted readers; screen readers get the list.
    <div ref={box} style={{ minHeight: areas.length * ROW_HEIGHT + 8 }} aria-hidden="true">
      {width > 0 && <Chart areas={areas} width={width} />}
    </div>
  );
}

function Chart({ areas, width }: { areas: AreaAggregate[]; width: number }) {
  return (
    <BarChart
      layout="vertical"
      data={areas}
      width={width}
      height={areas.length * ROW_HEIGHT + 8}
      margin={{ top: 8, right: RIGHT_MARGIN, bottom: 0, left: 16 }}
      barSize={BAR_SIZE}
      accessibilityLayer={false}
    >
      <XAxis type="number" domain={[0, 100]} hide />
      <YAxis type="category" dataKey="title" hide />
      <Bar
        dataKey="meanDeficit"
        isAnimationActive={false}
        radius={[0, 7, 7, 0]}
        background={{ fill: "currentColor", fillOpacity: 0.08, radius: 7 }}
      >
        {areas.map((area) => (
          <Cell key={area.areaId} fill={levelColor[area.level]} />
        ))}
        <LabelList dataKey="title" content={(props) => <AreaTitle {...(props as LabelProps)} chartWidth={width} />} />
        <LabelList dataKey="meanDeficit" content={(props) => <Percent {...(props as LabelProps)} chartWidth={width} />} />
      </Bar>
    </BarChart>
  );
}
