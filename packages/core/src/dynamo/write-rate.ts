/**
 * A steady pace for bulk writes beside live traffic (backfills, re-indexes).
 *
 * One partition takes at most 1,000 write units a second, and an index's throttling throttles
 * the table's own writes. Pacing was introduced when the patients table's list indexes shared one
 * partition key (docs/capacity.md, limit #8, since fixed: the indexes are gone); it stays, because
 * a backfill still shares the table's throughput with live patient writes and a future index's
 * partitions may be uneven. 50,000 records take about 8 minutes at 100 items/s, and a backfill
 * cut short by a timeout resumes on the next run (it is idempotent).
 */
const DEFAULT_BACKFILL_ITEMS_PER_SECOND = 100;

function backfillRate(): number {
  const v = Number(process.env.CAREBEAT_BACKFILL_RATE);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_BACKFILL_ITEMS_PER_SECOND;
}

/** `await pace()` before each write: returns at once while under the rate, else sleeps until it is. */
export function writePacer(perSecond = backfillRate(), now: () => number = Date.now, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))) {
  const started = now();
  let writes = 0;
  return async function pace(): Promise<void> {
    const due = started + (writes * 1000) / perSecond;
    const wait = due - now();
    if (wait > 0) await sleep(wait);
    writes++;
  };
}
