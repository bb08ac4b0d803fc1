import { useId, type ReactNode } from 'react';

export interface ChartDatum {
  label: string;
  value: number;
  /** What is shown beside the bar (e.g. "4.52"), so the chart never rounds money itself. */
  display: string;
}

interface ChartProps {
  title: string;
  unit: string;
  data: ChartDatum[];
}

const BAR = 26;
const GAP = 10;
const LABEL_W = 170;
const VALUE_W = 90;
const WIDTH = 640;
const COLUMNS_H = 220;
const AXIS_H = 28;

/** Horizontal bars in plain SVG. */
export function BarChart(props: ChartProps) {
  const { data } = props;
  const max = Math.max(0, ...data.map((d) => d.value));
  const plot = WIDTH - LABEL_W - VALUE_W;
  return (
    <ChartFrame {...props} height={data.length * (BAR + GAP)}>
      {data.map((d, i) => {
        const y = i * (BAR + GAP);
        const w = max > 0 ? (d.value / max) * plot : 0;
        return (
          <g key={d.label}>
            <text
              x={LABEL_W - 8}
              y={y + BAR / 2}
              className="chart__label"
              textAnchor="end"
              dominantBaseline="central"
            >
              {d.label}
            </text>
            <rect
              x={LABEL_W}
              y={y}
              width={Math.max(w, d.value > 0 ? 2 : 0)}
              height={BAR}
              rx={4}
              className="chart__bar"
            />
            <text x={LABEL_W + w + 6} y={y + BAR / 2} className="chart__value" dominantBaseline="central">
              {d.display}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}

/** Vertical columns over time (one per day), labels thinned so they never overlap. */
export function ColumnChart(props: ChartProps) {
  const { data, unit } = props;
  const max = Math.max(0, ...data.map((d) => d.value));
  const slot = data.length > 0 ? WIDTH / data.length : WIDTH;
  const every = Math.ceil(data.length / 8) || 1;
  return (
    <ChartFrame {...props} height={COLUMNS_H + AXIS_H}>
      <line x1={0} x2={WIDTH} y1={COLUMNS_H} y2={COLUMNS_H} className="chart__axis" />
      {data.map((d, i) => {
        const h = max > 0 ? (d.value / max) * (COLUMNS_H - 20) : 0;
        const x = i * slot;
        return (
          <g key={d.label}>
            <rect
              x={x + slot * 0.15}
              y={COLUMNS_H - h}
              width={slot * 0.7}
              height={h}
              rx={3}
              className="chart__bar"
            >
              <title>{`${d.label}: ${d.display} ${unit}`}</title>
            </rect>
            {i % every === 0 && (
              <text
                x={i === 0 ? x : x + slot / 2}
                y={COLUMNS_H + 18}
                textAnchor={i === 0 ? 'start' : 'middle'}
                className="chart__label"
              >
                {d.label.slice(5)}
              </text>
            )}
          </g>
        );
      })}
    </ChartFrame>
  );
}

/** Caption, the SVG, and the same figures in a table for screen readers. */
function ChartFrame({
  title,
  unit,
  data,
  height,
  children,
}: ChartProps & { height: number; children: ReactNode }) {
  const id = useId();
  return (
    <figure className="chart" aria-labelledby={`${id}-t`}>
      <figcaption id={`${id}-t`}>{title}</figcaption>
      {data.length === 0 ? (
        <p className="muted">No usage in this period.</p>
      ) : (
        <svg
          viewBox={`0 0 ${WIDTH} ${height}`}
          role="img"
          aria-labelledby={`${id}-t`}
          preserveAspectRatio="xMinYMin meet"
        >
          {children}
        </svg>
      )}
      <table className="visually-hidden">
        <caption>{title}</caption>
        <tbody>
          {data.map((d) => (
            <tr key={d.label}>
              <th scope="row">{d.label}</th>
              <td>
                {d.display} {unit}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
