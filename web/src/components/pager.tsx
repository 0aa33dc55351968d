import { createSignal, Show } from "solid-js";

/** Cursor pagination: a stack of cursors so "Previous" returns to the page before. */
export function createPager() {
  const [stack, setStack] = createSignal<(string | null)[]>([null]);
  return {
    cursor: () => stack()[stack().length - 1],
    page: () => stack().length,
    next: (c: string) => setStack((s) => [...s, c]),
    prev: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setStack([null]),
  };
}

export function Pager(props: { pager: ReturnType<typeof createPager>; nextCursor: string | null | undefined; count: number }) {
  return (
    <Show when={props.pager.page() > 1 || props.nextCursor}>
      <nav class="pager" aria-label="Pagination">
        <button type="button" class="btn btn-secondary btn-sm" disabled={props.pager.page() <= 1} onClick={() => props.pager.prev()}>
          ← Previous
        </button>
        <span class="muted">Page {props.pager.page()}</span>
        <button type="button" class="btn btn-secondary btn-sm" disabled={!props.nextCursor} onClick={() => props.nextCursor && props.pager.next(props.nextCursor)}>
          Next →
        </button>
      </nav>
    </Show>
  );
}
