import { AsyncLocalStorage } from "node:async_hooks";

/**
 * A tiny typed AsyncLocalStorage wrapper: values travel with the async call chain
 * so a domain function can ask "who is acting" without threading parameters.
 */
export function createContext<T>(name: string) {
  const storage = new AsyncLocalStorage<T>();
  return {
    use(): T {
      const value = storage.getStore();
      if (value === undefined) throw new Error(`No ${name} in context`);
      return value;
    },
    maybe(): T | undefined {
      return storage.getStore();
    },
    with<R>(value: T, cb: () => R): R {
      return storage.run(value, cb);
    },
  };
}
