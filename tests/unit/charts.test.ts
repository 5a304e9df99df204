// The Mini App's own SVG charts (identification and the risk profile will draw radar and scatter):
// each is an image with a title that reads out every figure, and values outside the scale stay inside.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Radar } from "../../miniapp/web/src/components/charts/Radar.tsx";
import { Scatter } from "../../miniapp/web/src/components/charts/Scatter.tsx";

const percent = (value: number) => `${value}%`;

describe("диаграммы мини-приложения", () => {
  it("радар: по вершине на ось, подпись читает каждое значение, выход за шкалу обрезан", () => {
    const html = renderToStaticMarkup(
      createElement(Radar, {
        title: "Дефицит по областям",
        axes: ["1", "2", "3", "4", "5"],
        series: [{ id: "me", name: "Мой профиль", color: "#e5484d", values: [10, 40, 70, 100, 250] }],
        format: percent,
      }),
    );
    expect(html).toMatch(/^<svg[^>]* role="img" aria-labelledby="[^"]+"/);
    expect(html).toContain("<title");
    expect(html).toContain("Мой профиль: 1 10%, 2 40%, 3 70%, 4 100%, 5 250%");
    expect(html.match(/<circle /g)).toHaveLength(5);
    // 250 is drawn at the rim, like 100: both points lie on the outer ring (radius 100 from 160,160).
    const points = [...html.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((match) => [Number(match[1]), Number(match[2])]);
    const radius = ([x, y]: number[]) => Math.hypot(x! - 160, y! - 160);
    expect(radius(points[3]!)).toBeCloseTo(100, 5);
    expect(radius(points[4]!)).toBeCloseTo(100, 5);
  });

  it("точечная диаграмма: точка на объект с описанием, пороги делят поле на четыре части", () => {
    const html = renderToStaticMarkup(
      createElement(Scatter, {
        title: "Школы района",
        xLabel: "Индекс результатов",
        yLabel: "Индекс благополучия",
        thresholds: { x: 50, y: 50 },
        points: [
          { id: "a", x: 20, y: 80, color: "#e5484d", description: "Школа №1: 20 и 80" },
          { id: "b", x: 90, y: 10, color: "#2fa66a", description: "Школа №2: 90 и 10" },
          { id: "c", x: -5, y: 120, color: "#f0a020", description: "Школа №3" },
        ],
      }),
    );
    expect(html).toMatch(/^<svg[^>]* role="img"/);
    expect(html).toContain("Школы района. Школа №1: 20 и 80; Школа №2: 90 и 10; Школа №3");
    expect(html.match(/<circle /g)).toHaveLength(3);
    expect(html.match(/stroke-dasharray="4 4"/g)).toHaveLength(1);
    expect(html.match(/<line /g)).toHaveLength(4);
    // Out of range values are clamped to the plot (x 36…310, y 10…226).
    const [, cx, cy] = /data-point="c" cx="([\d.]+)" cy="([\d.]+)"/.exec(html)!;
    expect(Number(cx)).toBe(36);
    expect(Number(cy)).toBe(10);
  });
});
