import { ErrorBoundary, Suspense, createEffect, type JSX } from "solid-js";
import { revalidate } from "@solidjs/router";
import { Alert, describeError } from "./form";

export function Loading(props: { label?: string }) {
  return (
    <p class="loading" aria-busy="true">
      {props.label ?? "Loading…"}
    </p>
  );
}

export function Empty(props: { children: JSX.Element }) {
  return <div class="empty card">{props.children}</div>;
}

/**
 * Loading and error states around data read with `createAsync`: a loading line while the
 * first result is on its way, an alert with "Try again" when it failed. The alert goes away
 * by itself as soon as `source` loads successfully again (e.g. after a filter change).
 */
export function Async(props: {
  source: () => unknown;
  loading?: JSX.Element /** Shown above the error (e.g. a page header with its back link). */;
  errorHeader?: JSX.Element;
  children: JSX.Element;
}) {
  return (
    <ErrorBoundary
      fallback={(err, reset) => {
        createEffect(() => {
          try {
            props.source();
          } catch {
            return; // still failing
          }
          reset();
        });
        return (
          <>
            {props.errorHeader}
            <Alert
              action={
                <button type="button" class="btn btn-secondary btn-sm" onClick={() => void revalidate()}>
                  Try again
                </button>
              }
            >
              {describeError(err)}
            </Alert>
          </>
        );
      }}
    >
      <Suspense fallback={props.loading ?? <Loading />}>{props.children}</Suspense>
    </ErrorBoundary>
  );
}
