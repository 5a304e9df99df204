/**
 * A radar (spider) chart of one or more series over the same axes, 0…max from the centre outwards:
 * a profile across areas at a glance (the teacher's deficits; later the risk profile). Square and
 * scaled by its viewBox; text and grid follow the messenger's theme. Colours may be CSS variables.
 */
import { useId } from "react";

export interface RadarSeries {
  id: string;
  name: string;
  color: string;
  /** One value per axis, in axis order. */
  values: number[];
}

const SIZE = 320;
const CENTER = SIZE / 2;
const RADIUS = 100;
const RINGS = [0.25, 0.5, 0.75, 1];

const point = (axis: number, axes: number, share: number): [number, number] => {
  const angle = -Math.PI / 2 + (2 * Math.PI * axis) / axes;
  return [CENTER + Math.cos(angle) * RADIUS * share, CENTER + Math.sin(angle) * RADIUS * share];
};

const polygon = (shares: number[]) => shares.map((share, axis) => point(axis, shares.length, share).join(",")).join(" ");

export function Radar({
  axes,
  series,
  title,
  max = 100,
  format,
}: {
  /** Short axis labels (two short words at most: they sit around a 320 px square). */
  axes: string[];
  series: RadarSeries[];
  title: string;
  max?: number;
  format: (value: number) => string;
}) {
  const titleId = useId();
  const share = (value: number) => Math.min(Math.max(value, 0), max) / max;
  const described = series
    .map((line) => `${line.name}: ${axes.map((axis, index) => `${axis} ${format(line.values[index] ?? 0)}`).join(", ")}`)
    .join("; ");
  return (
    <svg viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-labelledby={titleId} className="chart-svg chart-square">
      <title id={titleId}>{`${title}. ${described}`}</title>
      <g stroke="currentColor" strokeOpacity={0.18} fill="none">
        {RINGS.map((ring) => (
          <polygon key={ring} points={polygon(axes.map(() => ring))} />
        ))}
        {axes.map((_, axis) => {
          const [x, y] = point(axis, axes.length, 1);
          return <line key={axis} x1={CENTER} y1={CENTER} x2={x} y2={y} />;
        })}
      </g>
      {series.map((line) => (
        <g key={line.id} data-series={line.id}>
          <polygon
            points={polygon(line.values.map(share))}
            style={{ fill: line.color, stroke: line.color }}
            fillOpacity={0.2}
            strokeWidth={2}
            strokeLinejoin="round"
          />
          {line.values.map((value, axis) => {
            const [x, y] = point(axis, axes.length, share(value));
            return <circle key={axis} cx={x} cy={y} r={3.5} style={{ fill: line.color }} />;
          })}
        </g>
      ))}
      {axes.map((label, axis) => {
        const [x, y] = point(axis, axes.length, 1.2);
        const anchor = Math.abs(x - CENTER) < 8 ? "middle" : x > CENTER ? "start" : "end";
        return (
          <text key={axis} x={x} y={y} textAnchor={anchor} dominantBaseline="central" fontSize={12} fill="currentColor">
            {label}
          </text>
        );
      })}
    </svg>
  );
}
