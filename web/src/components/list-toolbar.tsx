import { Show, createSignal } from "solid-js";
import { useSearchParams } from "@solidjs/router";
import { Icon } from "./icons";
import type { createPager } from "./pager";
import { hasRole } from "../session";
import { param } from "../search-params";

type Pager = ReturnType<typeof createPager>;

/** A list's filters live in the URL; changing them starts again from the first page. */
export function useListParams(pager: Pager) {
  const [params, setParams] = useSearchParams();
  const setFilters = (change: Record<string, string | undefined>) => {
    pager.reset();
    setParams(change);
  };
  return [params, setFilters] as const;
}

/**
 * The search box over a list: the term is applied to `?q=` on Search (or Enter), and admins get a
 * checkbox that also lists the records hidden by default (`?<param>=1`, e.g. deleted patients).
 */
export function SearchToolbar(props: { id: string; label: string; placeholder: string; pager: Pager; include: { param: string; label: string } }) {
  const [params, setFilters] = useListParams(props.pager);
  const [term, setTerm] = createSignal(param(params.q));
  const onSearch = (e: SubmitEvent) => {
    e.preventDefault();
    setFilters({ q: term().trim() || undefined });
  };
  return (
    <form class="toolbar" role="search" onSubmit={onSearch}>
      <label class="sr-only" for={props.id}>
        {props.label}
      </label>
      <div class="search">
        <Icon name="search" size={16} />
        <input id={props.id} type="search" placeholder={props.placeholder} value={term()} onInput={(e) => setTerm(e.currentTarget.value)} />
      </div>
      <button class="btn btn-secondary" type="submit">
        Search
      </button>
      <Show when={hasRole("admin")}>
        <label class="check small">
          <input type="checkbox" checked={params[props.include.param] === "1"} onChange={(e) => setFilters({ [props.include.param]: e.currentTarget.checked ? "1" : undefined })} />
          <span>{props.include.label}</span>
        </label>
      </Show>
    </form>
  );
}
