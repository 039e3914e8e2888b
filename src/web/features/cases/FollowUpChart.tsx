// The follow-up ratings over time: Apache ECharts (line chart only), SVG, loaded with this module
// (the follow-up panel's own chunk), as the network map does.
import { LineChart, type LineSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

type Option = echarts.ComposeOption<LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export interface RatingSeries {
  name: string;
  /** One rating (1–5) per visit, in the order of `dates`; null when not rated. */
  values: (number | null)[];
}

// Four colours apart in hue and lightness (legible for the common colour-vision deficiencies), with
// a different marker each so the lines can be told apart without colour too.
const colours = ['#1864ab', '#c92a2a', '#2b8a3e', '#5f3dc4'];
const symbols = ['circle', 'rect', 'triangle', 'diamond'];

export default function FollowUpChart({ dates, series, label, ratingAxis }: {
  /** The visit dates, already formatted for the UI language. */
  dates: string[];
  series: RatingSeries[];
  /** The accessible name of the picture; the table beside it carries the numbers. */
  label: string;
  ratingAxis: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, null, { renderer: 'svg' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const font = "'Noto Sans Thai', sans-serif";
    const option: Option = {
      // No animation: the chart is read, not watched (and users who ask for less motion get none).
      animation: false,
      textStyle: { fontFamily: font, color: '#212529' },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { fontFamily: font, color: '#212529' } },
      grid: { left: 40, right: 16, top: 56, bottom: 32, containLabel: true },
      xAxis: { type: 'category', data: dates, boundaryGap: false, axisLabel: { color: '#212529', fontFamily: font } },
      yAxis: { type: 'value', min: 1, max: 5, interval: 1, name: ratingAxis, nameTextStyle: { color: '#212529', fontFamily: font }, axisLabel: { color: '#212529' } },
      series: series.map((s, i) => ({
        type: 'line',
        name: s.name,
        data: s.values,
        connectNulls: true,
        symbol: symbols[i % symbols.length],
        symbolSize: 9,
        lineStyle: { width: 2.5, color: colours[i % colours.length] },
        itemStyle: { color: colours[i % colours.length] },
      })),
    };
    c.setOption(option, { notMerge: true });
  }, [dates, series, ratingAxis]);

  return <div ref={el} role="img" aria-label={label} data-testid="follow-up-chart" style={{ width: '100%', height: 300 }} />;
}
