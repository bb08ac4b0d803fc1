import type { UsageBucket, UsageGroupBy, UsageResponse } from '@autowebiq/sdk';
import { useEffect, useState } from 'react';
import { BarChart, ColumnChart, type ChartDatum } from '../components/bar-chart';
import { credits, seconds, tokens } from '../lib/format';
import { useSession } from '../session';
import { DataTable, type Column } from '../components/data-table';

const AVERAGE_COLUMNS: Column[] = [
  { label: 'Agent' },
  { label: 'Model' },
  { label: 'Runs', numeric: true },
  { label: 'Avg tokens', numeric: true },
  { label: 'Avg credits', numeric: true },
  { label: 'Avg time', numeric: true },
];

const PERIODS = [7, 30, 90] as const;
const GROUPS: UsageGroupBy[] = ['day', 'agent', 'model'];

const toChart = (buckets: UsageBucket[]): ChartDatum[] =>
  buckets.map((b) => ({ label: b.key, value: b.credits, display: credits(b.credits, b.credits_micro) }));

/** Every day of the period, so quiet days show as empty columns rather than vanishing. */
function fillDays(buckets: UsageBucket[], from: Date, days: number): UsageBucket[] {
  const byDay = new Map(buckets.map((b) => [b.key.slice(0, 10), b]));
  return Array.from({ length: days }, (_, i) => {
    const key = new Date(from.getTime() + (i + 1) * 86_400_000).toISOString().slice(0, 10);
    return (
      byDay.get(key) ?? {
        key,
        calls: 0,
        builds: 0,
        input_tokens: 0,
        output_tokens: 0,
        tokens: 0,
        credits: 0,
        credits_micro: '0',
      }
    );
  });
}

export function UsagePage() {
  const { client } = useSession();
  const [days, setDays] = useState<(typeof PERIODS)[number]>(30);
  const [usage, setUsage] = useState<Partial<Record<UsageGroupBy, UsageResponse>>>({});
  const [error, setError] = useState<string>();

  useEffect(() => {
    const controller = new AbortController();
    const to = new Date();
    const since = new Date(to.getTime() - days * 86_400_000);
    setError(undefined);
    Promise.all(
      GROUPS.map((groupBy) => client.usage({ from: since, to, groupBy }, { signal: controller.signal })),
    ).then(
      (results) => setUsage(Object.fromEntries(GROUPS.map((g, i) => [g, results[i]]))),
      (e: Error) => !controller.signal.aborted && setError(`Could not load usage: ${e.message}`),
    );
    return () => controller.abort();
  }, [client, days]);

  const total = usage.day?.total;
  const performance = usage.agent?.agents ?? [];
  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        Usage
      </h1>
      <div className="field field--inline">
        <label htmlFor="period">Period</label>
        <select
          id="period"
          value={days}
          onChange={(e) => setDays(Number(e.target.value) as (typeof PERIODS)[number])}
        >
          {PERIODS.map((p) => (
            <option key={p} value={p}>
              Last {p} days
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      {total && (
        <dl className="totals" data-testid="usage-totals">
          <div>
            <dt>Credits metered</dt>
            <dd>{credits(total.credits, total.credits_micro)}</dd>
          </div>
          <div>
            <dt>Credits charged</dt>
            <dd>{credits(total.charged, total.charged_micro)}</dd>
          </div>
          <div>
            <dt>Tokens</dt>
            <dd>{tokens(total.tokens)}</dd>
          </div>
          <div>
            <dt>Builds</dt>
            <dd>{tokens(total.builds)}</dd>
          </div>
          <div>
            <dt>LLM calls</dt>
            <dd>{tokens(total.calls)}</dd>
          </div>
        </dl>
      )}
      <div className="charts">
        {usage.day && (
          <ColumnChart
            title="Credits per day"
            unit="credits"
            data={toChart(fillDays(usage.day.data, new Date(Date.now() - days * 86_400_000), days))}
          />
        )}
        {usage.agent && (
          <BarChart title="Credits per agent" unit="credits" data={toChart(usage.agent.data)} />
        )}
        {usage.model && (
          <BarChart title="Credits per model" unit="credits" data={toChart(usage.model.data)} />
        )}
      </div>
      <h2>Per-agent averages</h2>
      {performance.length === 0 ? (
        <p className="muted">No finished agent runs in this period.</p>
      ) : (
        <DataTable
          caption="Average tokens, credits and duration of one agent run"
          testId="agent-averages"
          columns={AVERAGE_COLUMNS}
        >
          {performance.map((p) => (
            <tr key={`${p.agent}-${p.model}`}>
              <td>{p.agent}</td>
              <td>{p.model}</td>
              <td className="num">{tokens(p.runs)}</td>
              <td className="num">{tokens(Math.round(p.avg_tokens))}</td>
              <td className="num">{credits(p.avg_credits)}</td>
              <td className="num">{seconds(p.avg_duration_s)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
