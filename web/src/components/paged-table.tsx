import { Match, Show, Switch, type JSX, type Resource } from "solid-js";
import { Alert, describeError } from "./form";
import { Pager, type createPager } from "./pager";

export function Loading() {
  return (
    <p class="loading" aria-busy="true">
      Loading…
    </p>
  );
}

export function Empty(props: { children: JSX.Element }) {
  return <div class="empty card">{props.children}</div>;
}

/**
 * The one shape every list page shares: an error, the first load, an empty result, or a
 * table page (dimmed and aria-busy while the next page loads) with the cursor pager under it.
 */
export function PagedTable<T>(props: {
  page: Resource<{ items: T[]; nextCursor: string | null } | undefined>;
  pager: ReturnType<typeof createPager>;
  empty: JSX.Element;
  tableClass?: string;
  head: JSX.Element;
  rows: (items: T[]) => JSX.Element;
}) {
  return (
    <Switch>
      <Match when={props.page.error}>
        <Alert>{describeError(props.page.error)}</Alert>
      </Match>
      <Match when={props.page()}>
        {(p) => (
          <Show when={p().items.length} fallback={<Empty>{props.empty}</Empty>}>
            <div class="table-wrap card" classList={{ refreshing: props.page.loading }} aria-busy={props.page.loading}>
              <table class={props.tableClass ?? "table stack-sm"}>
                <thead>{props.head}</thead>
                <tbody>{props.rows(p().items)}</tbody>
              </table>
            </div>
            <Pager pager={props.pager} nextCursor={p().nextCursor} count={p().items.length} />
          </Show>
        )}
      </Match>
      <Match when={props.page.loading}>
        <Loading />
      </Match>
    </Switch>
  );
}
