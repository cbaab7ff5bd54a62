// The per-minute histogram of one step, drawn with uPlot (bars): requests per minute after the raise,
// the last bar holding everything from HISTOGRAM_MINUTES on.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { HISTOGRAM_MINUTES } from '../../shared/response-times';

export interface HistogramChartProps {
  counts: readonly number[];
  label: string;
  xLabel: string;
  yLabel: string;
}

const WIDTH = 640;
const HEIGHT = 220;

export function HistogramChart({ counts, label, xLabel, yLabel }: HistogramChartProps) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const minutes = counts.map((_, i) => i);
    const bars = uPlot.paths.bars?.({ size: [0.8, 40], align: 1 });
    const plot = new uPlot(
      {
        width: Math.min(WIDTH, el.clientWidth || WIDTH),
        height: HEIGHT,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: false, range: [0, HISTOGRAM_MINUTES + 1] } },
        axes: [
          {
            label: xLabel,
            stroke: '#cbd5e1',
            grid: { stroke: '#33415555' },
            values: (_u, ticks) => ticks.map((v) => (v >= HISTOGRAM_MINUTES ? `${HISTOGRAM_MINUTES}+` : String(v))),
          },
          { label: yLabel, stroke: '#cbd5e1', grid: { stroke: '#33415555' } },
        ],
        series: [{}, { label: yLabel, fill: '#3b82f6', stroke: '#93c5fd', paths: bars, points: { show: false } }],
      },
      [minutes, [...counts]],
      el,
    );
    return () => plot.destroy();
  }, [counts, xLabel, yLabel]);
  return <div ref={host} className="report-histogram" role="img" aria-label={label} data-testid="histogram" />;
}
