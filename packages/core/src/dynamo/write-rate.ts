/**
 * A steady pace for bulk writes beside live traffic (backfills, re-indexes).
 *
 * The patients table's list indexes share one partition key, and one partition takes at most
 * 1,000 write units a second. A re-index that changes the keys of an item writes each of the two
 * index entries twice (remove + add), so an unpaced backfill would spend that partition's whole
 * budget and DynamoDB would throttle the table's own writes — patients could not be saved while
 * it ran (docs/capacity.md, limit #8). 100 items/s keeps it under half; 50,000 records take about
 * 8 minutes, and a backfill cut short by a timeout resumes on the next run (it is idempotent).
 */
export const DEFAULT_BACKFILL_ITEMS_PER_SECOND = 100;

export function backfillRate(): number {
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
