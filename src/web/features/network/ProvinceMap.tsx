// The province choropleth. Apache ECharts, only the parts it needs, drawn as SVG; loaded with this
// module (the map page's own chunk), and the boundaries are fetched from our own server (CSP
// `connect-src 'self'`), never from a tile server.
import { MapChart, type MapSeriesOption } from 'echarts/charts';
import { TooltipComponent, VisualMapPiecewiseComponent, type TooltipComponentOption, type VisualMapComponentOption } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import geoUrl from '../../assets/th-provinces.geojson?url';
import { ErrorAlert, Loading } from '../../components/States.js';

echarts.use([MapChart, VisualMapPiecewiseComponent, TooltipComponent, SVGRenderer]);

type Option = echarts.ComposeOption<MapSeriesOption | VisualMapComponentOption | TooltipComponentOption>;
interface ProvinceFeature {
  properties: { code: string; name_th: string; name_en: string };
}
interface ProvinceGeo {
  type: 'FeatureCollection';
  features: ProvinceFeature[];
}

let geoPromise: Promise<ProvinceGeo> | null = null;
/** Fetches the boundaries once per page load and registers them as the map `th`. */
function loadGeo(): Promise<ProvinceGeo> {
  geoPromise ??= fetch(geoUrl, { credentials: 'same-origin' })
    .then(async (res) => {
      if (!res.ok) throw new Error(`boundaries: HTTP ${res.status}`);
      const geo = (await res.json()) as ProvinceGeo;
      echarts.registerMap('th', geo as unknown as Parameters<typeof echarts.registerMap>[1]);
      return geo;
    })
    .catch((err: unknown) => {
      geoPromise = null;
      throw err;
    });
  return geoPromise;
}

const escape = (s: string) => echarts.format.encodeHTML(s);

/** One band of the legend: a value, or a range (`max` absent = and above). */
export interface MapPiece {
  value?: number;
  min?: number;
  max?: number;
  label: string;
  color: string;
}

/**
 * The value drawn for a province whose count is hidden (small-cell suppression): its own legend band, never 0.
 * Between 0 and 1 (no count is fractional), so the legend lists it between "none" and the first band.
 */
export const SUPPRESSED_VALUE = 0.5;

export default function ProvinceMap({ counts, selected, onSelect, label, pieces, valueText, suppressed, testId = 'network-map' }: {
  /** Partners per province code; provinces not listed have none. */
  counts: Map<string, number>;
  selected: string | null;
  onSelect: (code: string) => void;
  /** The accessible name of the picture (the table next to it carries the numbers). */
  label: string;
  /** The legend bands (default: the network map's partner counts). */
  pieces?: MapPiece[];
  /** The tooltip's line for a province's value (default: "N partners"); `null` = suppressed. */
  valueText?: (value: number | null) => string;
  /** Provinces whose count is hidden: drawn with the `SUPPRESSED_VALUE` band. */
  suppressed?: Set<string>;
  testId?: string;
}) {
  const { t } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;
  const [geo, setGeo] = useState<ProvinceGeo | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    loadGeo().then(
      (g) => live && setGeo(g),
      (err: unknown) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  // One chart instance for the life of the component, resized with its box.
  useEffect(() => {
    if (!geo || !el.current) return;
    const c = echarts.init(el.current, null, { renderer: 'svg' });
    chart.current = c;
    c.on('click', (p) => {
      if (typeof p.name === 'string' && p.name) onSelectRef.current(p.name);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [geo]);

  useEffect(() => {
    const c = chart.current;
    if (!geo || !c) return;
    const names = new Map(geo.features.map((f) => [f.properties.code, f.properties]));
    const option: Option = {
      tooltip: {
        trigger: 'item',
        formatter: (p) => {
          const item = Array.isArray(p) ? p[0] : p;
          const code = String(item?.name ?? '');
          const n = names.get(code);
          const hidden = suppressed?.has(code) ?? false;
          const value = counts.get(code) ?? 0;
          const text = valueText ? valueText(hidden ? null : value) : t('network.map.partners', { count: value });
          return `<strong>${escape(n?.name_th ?? code)}</strong><br/>${escape(n?.name_en ?? '')}<br/>${escape(text)}`;
        },
      },
      visualMap: {
        type: 'piecewise',
        left: 'left',
        bottom: 10,
        itemGap: 4,
        selectedMode: false,
        textStyle: { color: '#212529', fontFamily: "'Noto Sans Thai', sans-serif" },
        pieces: pieces ?? [
          { value: 0, label: t('network.map.legendNone'), color: '#e9ecef' },
          { min: 1, max: 1, label: '1', color: '#a5d8ff' },
          { min: 2, max: 4, label: '2–4', color: '#4dabf7' },
          { min: 5, max: 9, label: '5–9', color: '#1971c2' },
          { min: 10, label: '10+', color: '#0b3d91' },
        ],
      },
      series: [
        {
          type: 'map',
          map: 'th',
          nameProperty: 'code',
          roam: false,
          aspectScale: 0.95,
          layoutCenter: ['50%', '50%'],
          layoutSize: '95%',
          selectedMode: 'single',
          label: { show: false },
          itemStyle: { borderColor: '#495057', borderWidth: 0.5 },
          emphasis: { label: { show: false }, itemStyle: { areaColor: '#ffd43b' } },
          select: { label: { show: false }, itemStyle: { areaColor: '#f08c00', borderColor: '#000', borderWidth: 1.5 } },
          data: geo.features.map((f) => {
            const code = f.properties.code;
            return { name: code, value: suppressed?.has(code) ? SUPPRESSED_VALUE : counts.get(code) ?? 0, selected: code === selected };
          }),
        },
      ],
    };
    c.setOption(option, { notMerge: true });
  }, [geo, counts, selected, t, pieces, valueText, suppressed]);

  if (error) return <ErrorAlert error={error} onRetry={() => { setError(null); setAttempt((a) => a + 1); }} />;
  return (
    <div style={{ position: 'relative' }}>
      {!geo && <Loading />}
      <div ref={el} role="img" aria-label={label} data-testid={testId} data-ready={geo ? 'true' : 'false'} style={{ width: '100%', height: 'min(640px, 80vh)', minHeight: 420, display: geo ? 'block' : 'none' }} />
    </div>
  );
}
