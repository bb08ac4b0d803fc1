import type { BuildResponse } from '@autowebiq/sdk';
import { useCallback, useEffect, useState } from 'react';
import { credits, dateTime, seconds } from '../lib/format';
import { hrefOf } from '../lib/router';
import { useSession } from '../session';
import { DataTable, type Column } from '../components/data-table';

const BUILD_COLUMNS: Column[] = [
  { label: 'Website' },
  { label: 'Status' },
  { label: 'Started' },
  { label: 'Took' },
  { label: 'Spent', numeric: true },
  { label: 'Held', numeric: true },
];

export function BuildsPage() {
  const { client } = useSession();
  const [builds, setBuilds] = useState<BuildResponse[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();

  const load = useCallback(
    (from?: string) => {
      setLoading(true);
      client.listBuilds({ cursor: from, limit: 25 }).then(
        (page) => {
          setBuilds((prev) => (from ? [...prev, ...page.data] : page.data));
          setCursor(page.next_cursor);
          setLoading(false);
        },
        (e: Error) => {
          setError(`Could not load builds: ${e.message}`);
          setLoading(false);
        },
      );
    },
    [client],
  );

  useEffect(() => load(), [load]);

  return (
    <>
      <h1 id="page-title" tabIndex={-1}>
        Builds
      </h1>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      {builds.length === 0 && !loading && !error && (
        <p className="muted">
          No builds yet. <a href={hrefOf.workspace()}>Start one in the Workspace.</a>
        </p>
      )}
      {builds.length > 0 && (
        <DataTable caption="Your builds, newest first" testId="builds-table" columns={BUILD_COLUMNS}>
          {builds.map((b) => (
            <tr key={b.id} data-build-id={b.id}>
              <td className="prompt-cell">
                <a href={hrefOf.workspace(b.id)}>
                  {b.prompt.length > 80 ? `${b.prompt.slice(0, 80)}…` : b.prompt}
                </a>
              </td>
              <td>
                <span className={`status status--${b.status}`}>{b.status.replace('_', ' ')}</span>
              </td>
              <td>{dateTime(b.created_at)}</td>
              <td>{seconds(b.duration_s)}</td>
              <td className="num">{credits(b.spent, b.spent_micro)}</td>
              <td className="num">{credits(b.reserved, b.reserved_micro)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {cursor && (
        <button type="button" onClick={() => load(cursor)} disabled={loading}>
          {loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}
