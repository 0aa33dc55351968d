/**
 * Bookings and cancellations per event-time hour, drawn with uPlot. Loaded on demand (its
 * own chunk with uPlot and its CSS), so the first screen does not carry a chart library.
 */
import { onCleanup, onMount, createEffect } from "solid-js";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { AnalyticsSnapshot } from "../api/analytics";

type Hour = AnalyticsSnapshot["hourly"][number];

const hourFmt = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

function toData(hourly: Hour[]): uPlot.AlignedData {
  return [hourly.map((h) => Date.parse(h.hour) / 1000), hourly.map((h) => h.booked), hourly.map((h) => h.cancelled)];
}

export default function HourlyChart(props: { hourly: Hour[] }) {
  let box!: HTMLDivElement;
  let plot: uPlot | undefined;

  onMount(() => {
    const css = getComputedStyle(document.documentElement);
    const brand = css.getPropertyValue("--brand").trim() || "#0f5f5c";
    const danger = css.getPropertyValue("--danger").trim() || "#b42318";
    const muted = css.getPropertyValue("--muted").trim() || "#5a6872";
    const axis = { stroke: muted, grid: { stroke: "#eef2f4" }, ticks: { stroke: "#dde4e8" } };
    const bars = uPlot.paths.bars!({ size: [0.6, 40] });
    plot = new uPlot(
      {
        width: Math.max(280, box.clientWidth),
        height: 260,
        // Half an hour of room either side, so the first and last bars are not cut in half.
        scales: { x: { time: true, range: (_u, min, max) => [min - 1800, max + 1800] }, y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] } },
        axes: [
          { ...axis, values: (_u, ticks) => ticks.map((t) => hourFmt.format(new Date(t * 1000))) },
          { ...axis, label: "Events per hour", incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] },
        ],
        series: [
          { label: "Hour", value: (_u, v) => (v == null ? "—" : hourFmt.format(new Date(v * 1000))) },
          { label: "Bookings", stroke: brand, fill: `${brand}cc`, paths: bars, points: { show: false } },
          { label: "Cancellations", stroke: danger, width: 2, points: { show: true, size: 5 } },
        ],
        legend: { live: true },
      },
      toData(props.hourly),
      box,
    );
    const resize = new ResizeObserver(() => plot?.setSize({ width: Math.max(280, box.clientWidth), height: 260 }));
    resize.observe(box);
    onCleanup(() => {
      resize.disconnect();
      plot?.destroy();
    });
  });

  createEffect(() => {
    const data = toData(props.hourly);
    plot?.setData(data);
  });

  return <div ref={box} class="chart" data-testid="hourly-chart" />;
}
