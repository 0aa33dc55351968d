/**
 * Run `work`, answering no sooner than `ms` after the start: an answer that must not tell apart
 * "an account exists" from "it does not" (register, forgot password) takes the same time both ways.
 */
export async function atLeast<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const until = Date.now() + ms;
  try {
    return await work();
  } finally {
    const left = until - Date.now();
    if (left > 0) await new Promise((r) => setTimeout(r, left));
  }
}
