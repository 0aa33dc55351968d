import { AsyncLocalStorage } from "node:async_hooks";

/**
 * A tiny typed async context: values travel with the async call chain so a domain function can
 * ask "who is acting" without threading parameters.
 *
 * Every context (actor, request, log keys, transaction, …) lives in ONE AsyncLocalStorage, as
 * a frame holding each context's current value: Node's AsyncLocalStorage copies the store of
 * every instance in use into every promise it creates, so one instance instead of one per
 * context makes each promise of a request cheaper (a booking request creates hundreds).
 * `with` runs `cb` in a copy of the current frame with one value replaced, so nesting and
 * leaving behave exactly as separate storages did.
 */
type Frame = Record<symbol, unknown>;
const storage = new AsyncLocalStorage<Frame>();

export function createContext<T>(name: string) {
  // Each context its own slot, even if two share a name (or a module is loaded twice).
  const slot = Symbol(name);
  return {
    use(): T {
      const value = storage.getStore()?.[slot] as T | undefined;
      if (value === undefined) throw new Error(`No ${name} in context`);
      return value;
    },
    maybe(): T | undefined {
      return storage.getStore()?.[slot] as T | undefined;
    },
    with<R>(value: T, cb: () => R): R {
      return storage.run({ ...storage.getStore(), [slot]: value }, cb);
    },
  };
}
