import { Show, type JSX } from "solid-js";
import { useIsRouting } from "@solidjs/router";
import { Async, Empty } from "./async";
import { Pager, type createPager } from "./pager";

/**
 * The one shape every list page shares: an error, the first load, an empty result, or a
 * table page (dimmed and aria-busy while the next page or a new filter loads) with the
 * cursor pager under it. `page` is a `createAsync` accessor.
 */
export function PagedTable<T>(props: {
  page: () => { items: T[]; nextCursor: string | null } | undefined;
  pager: ReturnType<typeof createPager>;
  empty: JSX.Element;
  tableClass?: string;
  head: JSX.Element;
  rows: (items: T[]) => JSX.Element;
}) {
  const routing = useIsRouting();
  const busy = () => props.pager.pending() || routing();
  return (
    <Async source={props.page}>
      <Show when={props.page()}>
        {(p) => (
          <Show when={p().items.length} fallback={<Empty>{props.empty}</Empty>}>
            <div class="table-wrap card" classList={{ refreshing: busy() }} aria-busy={busy()}>
              <table class={props.tableClass ?? "table stack-sm"}>
                <thead>{props.head}</thead>
                <tbody>{props.rows(p().items)}</tbody>
              </table>
            </div>
            <Pager pager={props.pager} nextCursor={p().nextCursor} count={p().items.length} />
          </Show>
        )}
      </Show>
    </Async>
  );
}
