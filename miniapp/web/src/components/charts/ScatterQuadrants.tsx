/**
 * (Scatter.tsx draws fixed 0…max axes as a static image; this one is the identification's interactive chart.)
 * A scatter of points on two free axes (indices are z-scores: negative and positive), split by two
 * lines into four named quadrants: schools by results (x) and social wellbeing (y), the 2×2 clusters
 * of identification. A point may carry marks (a solid ring, a dashed ring) and opens something on
 * tap, click, Enter or Space. Drawn at the box's real width, so text stays its size on any phone;
 * axes, grid and text follow the messenger's theme (currentColor). The caller lists the same points
 * as text below the chart for those who cannot use it.
 */
import { useId } from "react";
import { useWidth } from "./useWidth.ts";

export interface QuadrantPoint {
  id: string;
  x: number;
  y: number;
  color: string;
  /** What a screen reader hears for this point, e.g. the school, its cluster and both values. */
  description: string;
  /** "solid": a solid ring around the point; "dashed": a dashed ring further out. */
  marks?: Array<"solid" | "dashed">;
}

export interface Quadrants {
  topLeft: string;
  topRight: string;
  bottomLeft: string;
  bottomRight: string;
}

const HEIGHT = 300;
const LEFT = 22;
const BOTTOM = 26;
const TOP = 8;
const RIGHT = 8;
const R = 6;
/** Room inside the plot: the quadrant names sit in bands above and below the points. */
const INSET_X = 14;
const INSET_Y = 28;

/** The axis range around the split and the points, with room for a ring at the edge. */
export function domain(values: number[], split: number): [number, number] {
  const all = [...values.filter(Number.isFinite), split];
  let low = Math.min(...all);
  let high = Math.max(...all);
  if (high - low < 1e-9) {
    low -= 1;
    high += 1;
  }
  const pad = (high - low) * 0.04;
  return [low - pad, high + pad];
}

export function ScatterQuadrants({
  points,
  title,
  xLabel,
  yLabel,
  split,
  quadrants,
  onSelect,
}: {
  points: QuadrantPoint[];
  title: string;
  xLabel: string;
  yLabel: string;
  /** Where the low/high lines run on each axis. */
  split: { x: number; y: number };
  quadrants: Quadrants;
  onSelect?: (id: string) => void;
}) {
  const [box, measured] = useWidth<HTMLDivElement>();
  const titleId = useId();
  const width = Math.max(measured, 0);
  const plotWidth = width - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const [x0, x1] = domain(
    points.map((point) => point.x),
    split.x,
  );
  const [y0, y1] = domain(
    points.map((point) => point.y),
    split.y,
  );
  const sx = (value: number) => LEFT + INSET_X + ((value - x0) / (x1 - x0)) * (plotWidth - 2 * INSET_X);
  const sy = (value: number) => TOP + plotHeight - INSET_Y - ((value - y0) / (y1 - y0)) * (plotHeight - 2 * INSET_Y);
  const splitX = sx(split.x);
  const splitY = sy(split.y);
  const corner = { fontSize: 11, fill: "currentColor", fillOpacity: 0.6 } as const;
  return (
    <div ref={box} className="chart-box" style={{ minHeight: HEIGHT }} data-testid="scatter">
      {width > 0 && (
        <svg width={width} height={HEIGHT} role="group" aria-labelledby={titleId} className="chart-svg">
          <title id={titleId}>{title}</title>
          <g stroke="currentColor" strokeOpacity={0.25}>
            <rect x={LEFT} y={TOP} width={plotWidth} height={plotHeight} fill="none" />
          </g>
          <g stroke="currentColor" strokeOpacity={0.5} strokeDasharray="4 4">
            <line x1={splitX} y1={TOP} x2={splitX} y2={TOP + plotHeight} />
            <line x1={LEFT} y1={splitY} x2={LEFT + plotWidth} y2={splitY} />
          </g>
          <g aria-hidden="true">
            <text {...corner} x={LEFT + 4} y={TOP + 13}>
              {quadrants.topLeft}
            </text>
            <text {...corner} x={LEFT + plotWidth - 4} y={TOP + 13} textAnchor="end">
              {quadrants.topRight}
            </text>
            <text {...corner} x={LEFT + 4} y={TOP + plotHeight - 6}>
              {quadrants.bottomLeft}
            </text>
            <text {...corner} x={LEFT + plotWidth - 4} y={TOP + plotHeight - 6} textAnchor="end">
              {quadrants.bottomRight}
            </text>
            <text x={LEFT + plotWidth / 2} y={HEIGHT - 6} textAnchor="middle" fontSize={12} fill="currentColor">
              {xLabel}
            </text>
            <text x={12} y={TOP + plotHeight / 2} textAnchor="middle" fontSize={12} fill="currentColor" transform={`rotate(-90 12 ${TOP + plotHeight / 2})`}>
              {yLabel}
            </text>
          </g>
          {points.map((point) => {
            const cx = sx(point.x);
            const cy = sy(point.y);
            const open = onSelect ? () => onSelect(point.id) : undefined;
            return (
              <g
                key={point.id}
                data-point={point.id}
                role={open ? "link" : "img"}
                aria-label={point.description}
                tabIndex={open ? 0 : undefined}
                className={open ? "scatter-point" : undefined}
                style={open ? { cursor: "pointer" } : undefined}
                onClick={open}
                onKeyDown={
                  open
                    ? (event) => {
                        if (event.key === "Enter" || event.key === " ") {
                          event.preventDefault();
                          open();
                        }
                      }
                    : undefined
                }
              >
                <title>{point.description}</title>
                {/* A finger-sized target around a small dot. */}
                <circle cx={cx} cy={cy} r={R + 8} fill="transparent" />
                {point.marks?.includes("dashed") && (
                  <circle cx={cx} cy={cy} r={R + 6} fill="none" stroke="currentColor" strokeWidth={1.5} strokeDasharray="3 2" />
                )}
                {point.marks?.includes("solid") && <circle cx={cx} cy={cy} r={R + 3} fill="none" stroke="#c62828" strokeWidth={2.5} />}
                <circle cx={cx} cy={cy} r={R} style={{ fill: point.color }} fillOpacity={0.9} />
              </g>
            );
          })}
        </svg>
      )}
    </div>
  );
}
