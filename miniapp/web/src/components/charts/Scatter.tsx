/**
 * A scatter of points on two 0…max axes with optional threshold lines that split the plane into
 * quadrants: schools by two indices (identification: clusters by results and social wellbeing).
 * Scaled by its viewBox; axes, grid and text follow the messenger's theme.
 */
import { useId } from "react";

export interface ScatterPoint {
  id: string;
  x: number;
  y: number;
  color: string;
  /** What a screen reader hears for this point, e.g. the school and both values. */
  description: string;
}

const WIDTH = 320;
const HEIGHT = 260;
const LEFT = 36;
const BOTTOM = 34;
const TOP = 10;
const RIGHT = 10;

export function Scatter({
  points,
  title,
  xLabel,
  yLabel,
  max = 100,
  thresholds,
}: {
  points: ScatterPoint[];
  title: string;
  xLabel: string;
  yLabel: string;
  max?: number;
  thresholds?: { x?: number; y?: number };
}) {
  const titleId = useId();
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const sx = (value: number) => LEFT + (Math.min(Math.max(value, 0), max) / max) * plotWidth;
  const sy = (value: number) => TOP + plotHeight - (Math.min(Math.max(value, 0), max) / max) * plotHeight;
  const ticks = [0, max / 2, max];
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={titleId} className="chart-svg">
      <title id={titleId}>{`${title}. ${points.map((point) => point.description).join("; ")}`}</title>
      <g stroke="currentColor" strokeOpacity={0.25}>
        <line x1={LEFT} y1={TOP + plotHeight} x2={LEFT + plotWidth} y2={TOP + plotHeight} />
        <line x1={LEFT} y1={TOP} x2={LEFT} y2={TOP + plotHeight} />
      </g>
      <g stroke="currentColor" strokeOpacity={0.45} strokeDasharray="4 4">
        {thresholds?.x !== undefined && <line x1={sx(thresholds.x)} y1={TOP} x2={sx(thresholds.x)} y2={TOP + plotHeight} />}
        {thresholds?.y !== undefined && <line x1={LEFT} y1={sy(thresholds.y)} x2={LEFT + plotWidth} y2={sy(thresholds.y)} />}
      </g>
      <g fontSize={11} fill="currentColor">
        {ticks.map((tick) => (
          <text key={`x${tick}`} x={sx(tick)} y={TOP + plotHeight + 14} textAnchor="middle">
            {tick}
          </text>
        ))}
        {ticks.map((tick) => (
          <text key={`y${tick}`} x={LEFT - 6} y={sy(tick)} textAnchor="end" dominantBaseline="central">
            {tick}
          </text>
        ))}
        <text x={LEFT + plotWidth / 2} y={HEIGHT - 4} textAnchor="middle" fontSize={12}>
          {xLabel}
        </text>
        <text x={12} y={TOP + plotHeight / 2} textAnchor="middle" fontSize={12} transform={`rotate(-90 12 ${TOP + plotHeight / 2})`}>
          {yLabel}
        </text>
      </g>
      {points.map((point) => (
        <circle key={point.id} data-point={point.id} cx={sx(point.x)} cy={sy(point.y)} r={6} style={{ fill: point.color }} fillOpacity={0.85}>
          <title>{point.description}</title>
        </circle>
      ))}
    </svg>
  );
}
