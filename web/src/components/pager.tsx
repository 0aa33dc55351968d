import { createSignal, Show, useTransition } from "solid-js";

/**
 * Cursor pagination: a stack of cursors so "Previous" returns to the page before. Page
 * changes run in a transition, so the current page stays on screen (dimmed) until the next
 * one has loaded instead of flashing a loading state.
 */
export function createPager() {
  const [stack, setStack] = createSignal<(string | null)[]>([null]);
  const [pending, start] = useTransition();
  return {
    cursor: () => stack()[stack().length - 1],
    page: () => stack().length,
    pending,
    next: (c: string) => void start(() => setStack((s) => [...s, c])),
    prev: () => void start(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s))),
    reset: () => setStack([null]),
  };
}

export function Pager(props: { pager: ReturnType<typeof createPager>; nextCursor: string | null | undefined; count: number }) {
  return (
    <Show when={props.pager.page() > 1 || props.nextCursor}>
      <nav class="pager" aria-label="Pagination">
        <button type="button" class="btn btn-secondary btn-sm" disabled={props.pager.page() <= 1 || props.pager.pending()} onClick={() => props.pager.prev()}>
          ← Previous
        </button>
        <span class="muted">Page {props.pager.page()}</span>
        <button
          type="button"
          class="btn btn-secondary btn-sm"
          disabled={!props.nextCursor || props.pager.pending()}
          onClick={() => props.nextCursor && props.pager.next(props.nextCursor)}
        >
          Next →
        </button>
      </nav>
    </Show>
  );
}
