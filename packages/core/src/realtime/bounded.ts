/**
 * Run `work` over `items` with at most `limit` in flight. A broadcast to hundreds of
 * connections must not open hundreds of sockets at once (Lambda's and the management API's
 * limits), nor post one by one.
 */
export async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
