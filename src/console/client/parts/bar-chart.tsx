// A grouped bar chart drawn as SVG: no chart library to ship, and every number is also in the
// table beside it, so the chart is a picture for the eyes and the table the data for everyone.
import { useId } from 'preact/hooks';

export interface Series {
  key: string;
  label: string;
}

export interface BarChartProps {
  title: string;
  rows: Array<{ key: string; label: string; values: Record<string, number | null> }>;
  series: Series[];
}

const BAR = 14;
const GAP = 10;
const LABEL_WIDTH = 150;
const WIDTH = 520;

export function BarChart({ title, rows, series }: BarChartProps) {
  const id = useId();
  const max = Math.max(1, ...rows.flatMap((r) => series.map((s) => r.values[s.key] ?? 0)));
  const rowHeight = series.length * BAR + GAP;
  const height = rows.length * rowHeight + 24;
  const scale = (v: number) => ((WIDTH - LABEL_WIDTH - 40) * v) / max;
  return (
    <figure class="chart">
      <h3 aria-hidden="true">{title}</h3>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title`} class="chart-svg">
        <title id={`${id}-title`}>{title}</title>
        {rows.map((row, i) => (
          <g key={row.key} transform={`translate(0 ${i * rowHeight})`}>
            <text x={LABEL_WIDTH - 6} y={(series.length * BAR) / 2 + 4} class="chart-label" text-anchor="end">
              {row.label.length > 22 ? `${row.label.slice(0, 21)}…` : row.label}
            </text>
            {series.map((s, j) => {
              const v = row.values[s.key];
              return (
                <g key={s.key}>
                  <rect x={LABEL_WIDTH} y={j * BAR} width={Math.max(v ? 2 : 0, scale(v ?? 0))} height={BAR - 2} class={`bar bar-${s.key}`} data-series={s.key} data-value={v ?? ''} />
                  <text x={LABEL_WIDTH + scale(v ?? 0) + 4} y={j * BAR + BAR - 4} class="chart-value">
                    {v ?? '—'}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      <figcaption class="legend">
        {series.map((s) => (
          <span key={s.key} class="legend-item">
            <span class={`swatch bar-${s.key}`} aria-hidden="true" /> {s.label}
          </span>
        ))}
      </figcaption>
      <table class="data">
        <caption class="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col" />
            {series.map((s) => (
              <th scope="col" key={s.key} class="num">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {series.map((s) => (
                <td key={s.key} class="num">
                  {row.values[s.key] ?? '—'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
