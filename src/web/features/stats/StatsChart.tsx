// The dashboard's bar charts: Apache ECharts (bar chart only), SVG, loaded with this module (the
// dashboard's chart chunk), as the network map and the follow-up chart do. A hidden (suppressed) count
// is `null`: no bar is drawn for it, never a bar of 0, and its category label says "<5".
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, type GridComponentOption, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

type Option = echarts.ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export interface ChartSeries {
  name: string;
  /** One value per category; null = hidden (suppressed) or not measured: nothing is drawn. */
  values: (number | null)[];
}

// Dark enough for 3:1 against white (WCAG 1.4.11), and apart for the common colour-vision deficiencies.
const colours = ['#1864ab', '#d9480f'];
const font = "'Noto Sans Thai', sans-serif";

export default function StatsChart({ categories, hidden, series, label, horizontal = false, onSelect, testId }: {
  /** The category labels, in the UI language. */
  categories: string[];
  /** Categories whose count is hidden: their label is marked "<5" (no bar is drawn for them). */
  hidden?: boolean[];
  series: ChartSeries[];
  /** The accessible name of the picture; the table beside it carries the numbers. */
  label: string;
  /** Bars across (long labels: provinces, industries), else upright (months, years). */
  horizontal?: boolean;
  /** A click on a bar: its category's index. */
  onSelect?: (index: number) => void;
  testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, null, { renderer: 'svg' });
    chart.current = c;
    c.on('click', (p) => {
      if (typeof p.dataIndex === 'number') onSelectRef.current?.(p.dataIndex);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  const clickable = Boolean(onSelect);
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    // The mark goes where truncation cannot cut it: before a long label across, after a short upright one.
    const names = categories.map((c, i) => (hidden?.[i] ? (horizontal ? `(<5) ${c}` : `${c} (<5)`) : c));
    const categoryAxis = {
      type: 'category' as const,
      data: names,
      // Across: the first category at the top, as in the table.
      inverse: horizontal,
      axisLabel: {
        color: '#212529',
        fontFamily: font,
        width: horizontal ? 150 : 80,
        overflow: 'truncate' as const,
        interval: 0,
        rotate: !horizontal && categories.length > 8 ? 45 : 0,
      },
      axisTick: { alignWithLabel: true },
    };
    const valueAxis = { type: 'value' as const, minInterval: 1, axisLabel: { color: '#212529' }, splitLine: { lineStyle: { color: '#dee2e6' } } };
    const option: Option = {
      // No animation: the chart is read, not watched (and users who ask for less motion get none).
      animation: false,
      textStyle: { fontFamily: font, color: '#212529' },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => (v === null || v === undefined || v === '-' ? '<5' : String(v)) },
      legend: series.length > 1 ? { top: 0, textStyle: { fontFamily: font, color: '#212529' } } : undefined,
      grid: { left: 8, right: 24, top: series.length > 1 ? 32 : 12, bottom: 8, containLabel: true },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: series.map((s, i) => ({
        type: 'bar',
        name: s.name,
        // '-' is ECharts' "no value": the bar is left out, not drawn as 0.
        data: s.values.map((v) => (v === null ? '-' : v)),
        cursor: clickable ? 'pointer' : 'default',
        itemStyle: { color: colours[i % colours.length] },
        barMaxWidth: 28,
        label: { show: true, position: horizontal ? 'right' : 'top', color: '#212529', fontSize: 11 },
      })),
    };
    c.setOption(option, { notMerge: true });
  }, [categories, hidden, series, horizontal, clickable]);

  const rows = categories.length * series.length;
  const height = horizontal ? Math.max(200, rows * 26 + 60) : 300;
  return <div ref={el} role="img" aria-label={label} data-testid={testId} style={{ width: '100%', height }} />;
}
