import { wireEventSchema, type BuildEvent } from '@autowebiq/contracts';
import type { DataSource } from 'typeorm';

/** A build's archived events with afterSeq < seq < beforeSeq (billing copies finished timelines here). */
export async function archivedBuildEvents(
  ds: DataSource,
  buildId: string,
  afterSeq: number,
  beforeSeq: number,
): Promise<BuildEvent[]> {
  const rows: { payload: unknown }[] = await ds.query(
    `SELECT payload FROM build_events WHERE build_id = $1 AND seq > $2 AND seq < $3 ORDER BY seq`,
    [buildId, afterSeq, Number.isFinite(beforeSeq) ? beforeSeq : 2 ** 31 - 1],
  );
  return rows.map((r) => wireEventSchema.parse(r.payload) as BuildEvent);
}
