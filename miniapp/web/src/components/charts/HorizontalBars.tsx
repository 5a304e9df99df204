/**
 * Horizontal bars on a 0…max scale, one row per item: the label above its bar (a label column beside
 * the bars leaves no room on a 320 px phone), the figure in one column on the right. Colours come from
 * the caller; the track and the text follow the messenger's theme (currentColor).
 */
import { useId } from "react";
import { useWidth } from "./useWidth.ts";

export interface Bar {
  id: string;
  label: string;
  value: number;
  color: string;
  /** What a screen reader hears for this bar, e.g. "Оценивание: 42%". */
  description: string;
}

const ROW = 50;
const BAR = 14;
const LABEL_GAP = 6;
const FIGURE_COLUMN = 48;
const TOP = 22;

/** Cuts a label to what fits in `width` pixels at 13 px (an estimate: SVG text does not wrap). */
function fit(label: string, width: number): string {
  const chars = Math.max(4, Math.floor(width / 7.2));
  return label.length <= chars ? label : `${label.slice(0, chars - 1).trimEnd()}…`;
}

export function HorizontalBars({
  bars,
  title,
  max = 100,
  format,
}: {
  bars: Bar[];
  title: string;
  max?: number;
  format: (value: number) => string;
}) {
  const [box, width] = useWidth<HTMLDivElement>();
  const titleId = useId();
  const height = bars.length * ROW + 8;
  const track = Math.max(0, width - FIGURE_COLUMN);
  return (
    <div ref={box} className="chart-box" style={{ minHeight: height }}>
      {width > 0 && (
        <svg width={width} height={height} role="img" aria-labelledby={titleId} className="chart-svg">
          <title id={titleId}>{`${title}: ${bars.map((bar) => bar.description).join("; ")}`}</title>
          {bars.map((bar, index) => {
            const y = index * ROW + TOP;
            const length = (Math.min(Math.max(bar.value, 0), max) / max) * track;
            return (
              <g key={bar.id} data-bar={bar.id}>
                <text x={0} y={y - LABEL_GAP} fontSize={13} fill="currentColor">
                  {fit(bar.label, width - 8)}
                </text>
                <rect x={0} y={y} width={track} height={BAR} rx={BAR / 2} fill="currentColor" fillOpacity={0.08} />
                {length > 0 && <rect x={0} y={y} width={Math.max(length, BAR)} height={BAR} rx={BAR / 2} style={{ fill: bar.color }} />}
                <text
                  x={width}
                  y={y + BAR / 2}
                  textAnchor="end"
                  dominantBaseline="central"
                  fontSize={12}
                  fontWeight={600}
                  fill="currentColor"
                >
                  {format(bar.value)}
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </div>
  );
}
