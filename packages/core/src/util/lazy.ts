/**
 * A memoized async value: the first call starts `load`, every later call (concurrent ones
 * included) gets the same promise, so a module is imported and a client created once per
 * process. A failure is forgotten, so the next call tries again.
 *
 * Used with `import()` to keep a module (an AWS SDK client, a domain's routes) out of a
 * function's init: with esbuild splitting it is a chunk loaded on first use (docs/capacity.md).
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => {
    if (!value) {
      value = load();
      value.catch(() => (value = undefined));
    }
    return value;
  };
}
