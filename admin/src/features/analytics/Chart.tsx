import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/*
 * uPlot (1.6.32, pinned) draws the charts: about 22 KB gzipped and built for speed (one canvas,
 * no DOM per point), against ~70 KB for Chart.js and several hundred for ECharts. The numbers
 * themselves are always in a table beside each chart, which is what a screen reader reads.
 */

export interface ChartSeries {
  label: string;
  values: number[];
  color: string;
  /** Bars instead of a line. */
  bars?: boolean;
}

interface ChartProps {
  /** x labels (one per point). */
  labels: string[];
  series: ChartSeries[];
  height?: number;
  /** Formats a y value on the axis. */
  format?: (value: number) => string;
}

export function Chart({ labels, series, height = 220, format = String }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = labels.map((_, i) => i);
    const bars = uPlot.paths.bars?.({ size: [0.6, 40] });
    const plot = new uPlot(
      {
        width: el.clientWidth || 600,
        height,
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false } },
        axes: [
          { values: (_u, splits) => splits.map((i) => labels[Math.round(i)] ?? ''), stroke: '#44505c', grid: { show: false } },
          { values: (_u, splits) => splits.map(format), stroke: '#44505c', size: 70 },
        ],
        series: [
          { label: 'x', value: (_u, i) => (i === null ? '' : (labels[Math.round(i)] ?? '')) },
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            fill: s.bars ? `${s.color}cc` : undefined,
            ...(s.bars && bars ? { paths: bars, points: { show: false } } : {}),
            value: (_u: uPlot, v: number | null) => (v === null ? '' : format(v)),
          })),
        ],
      },
      [xs, ...series.map((s) => s.values)],
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [labels, series, height, format]);
  // The canvas is decoration for sighted readers; the table beside it carries the data.
  return <div ref={box} className="chart" aria-hidden="true" />;
}
