import { ErrorBoundary, For, Show, createEffect, createSignal, type JSX } from "solid-js";
import { Alert, describeError } from "./form";
import { A, Navigate, useLocation, useNavigate } from "@solidjs/router";
import { user, ready, hasRole } from "../session";
import { homeFor, sectionsFor } from "../nav";
import { Auth, roleLabels } from "../api/auth";
import type { Role } from "../api/client";
import { Icon, Logo } from "./icons";

/** The signed-in shell: left navigation for the role, who is signed in, sign out. */
export function Shell(props: { children?: JSX.Element }) {
  const location = useLocation();
  const navigate = useNavigate();
  const [leaving, setLeaving] = createSignal(false);
  // Signed out elsewhere (other tab, refused refresh): back to sign-in, then back here.
  createEffect(() => {
    if (ready() && !user()) navigate(leaving() ? "/signin" : `/signin?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  });
  return (
    <Show
      when={ready()}
      fallback={
        <div class="splash" aria-busy="true">
          Loading…
        </div>
      }
    >
      <Show when={user()}>
        {(u) => (
          <div class="shell">
            {/* The router would treat #main as a navigation and only scroll; move focus instead.
                A native listener runs before the router's document-level one. */}
            <a
              class="skip"
              href="#main"
              on:click={(e) => {
                e.preventDefault();
                document.getElementById("main")?.focus();
              }}
            >
              Skip to content
            </a>
            <aside class="sidebar">
              <div class="sidebar-inner">
                <A href="/" class="brand" aria-label="Carebeat home">
                  <Logo />
                  <span>Carebeat</span>
                </A>
                <nav aria-label="Sections">
                  <ul>
                    <For each={sectionsFor(u().role)}>
                      {(item) => (
                        <li>
                          <A href={item.href} activeClass="active">
                            <Icon name={item.icon} />
                            <span>{item.label}</span>
                          </A>
                        </li>
                      )}
                    </For>
                  </ul>
                </nav>
                <div class="whoami">
                  <div class="avatar" aria-hidden="true">
                    {initials(u().name)}
                  </div>
                  <div class="who">
                    <div class="who-name" data-testid="user-name">
                      {u().name}
                    </div>
                    <div class="who-role" data-testid="user-role">
                      {roleLabels[u().role]}
                    </div>
                  </div>
                  <A href="/password" class="btn btn-ghost btn-sm" aria-label="Change password" title="Change password">
                    <Icon name="key" size={16} />
                  </A>
                  <A href="/two-step" class="btn btn-ghost btn-sm" aria-label="Two-step sign-in" title="Two-step sign-in">
                    <Icon name="shield" size={16} />
                  </A>
                  <button
                    type="button"
                    class="btn btn-ghost btn-sm signout"
                    onClick={() => {
                      setLeaving(true);
                      void Auth.logout();
                    }}
                  >
                    <Icon name="logout" size={16} />
                    <span>Sign out</span>
                  </button>
                </div>
              </div>
            </aside>
            <main id="main" class="main" tabindex="-1">
              {/* A last resort: a page that throws shows this instead of a blank screen. */}
              {/* An account that must enrol in MFA sees only the enrolment page: its token opens nothing else. */}
              <Show when={!u().mfaEnrolmentRequired || location.pathname === "/two-step"} fallback={<Navigate href="/two-step" />}>
                <ErrorBoundary
                  fallback={(err, reset) => (
                    <section class="page">
                      <h1>Something went wrong</h1>
                      <Alert
                        action={
                          <button type="button" class="btn btn-secondary btn-sm" onClick={reset}>
                            Try again
                          </button>
                        }
                      >
                        {describeError(err)}
                      </Alert>
                    </section>
                  )}
                >
                  {props.children}
                </ErrorBoundary>
              </Show>
            </main>
          </div>
        )}
      </Show>
    </Show>
  );
}

function initials(name: string) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join("");
}

/** Renders the page only for the given roles. */
export function RoleGate(props: { roles: Role[]; children: JSX.Element }) {
  return (
    <Show when={hasRole(...props.roles)} fallback={<Forbidden />}>
      {props.children}
    </Show>
  );
}

function Forbidden() {
  return (
    <section class="page">
      <h1>Not available</h1>
      <p class="muted">Your role may not open this page.</p>
    </section>
  );
}

export function PageHeader(props: { title: string; subtitle?: string; meta?: JSX.Element; actions?: JSX.Element; back?: { href: string; label: string } }) {
  return (
    <header class="page-header">
      <div>
        <Show when={props.back}>
          <A class="back" href={props.back!.href}>
            ← {props.back!.label}
          </A>
        </Show>
        <h1>{props.title}</h1>
        <Show when={props.subtitle}>
          <p class="muted">{props.subtitle}</p>
        </Show>
        <Show when={props.meta}>
          <p class="muted small page-meta">{props.meta}</p>
        </Show>
      </div>
      <Show when={props.actions}>
        <div class="actions">{props.actions}</div>
      </Show>
    </header>
  );
}

export function Home() {
  return <Show when={user()}>{(u) => <Navigate href={homeFor(u().role)} />}</Show>;
}
