/**
 * The one place that talks HTTP to the Carebeat API (same origin, under /api).
 *
 * Tokens: the access token lives only in memory (a module variable), so a script that
 * reads localStorage cannot take it. The refresh token is an HttpOnly cookie scoped to
 * /api/auth that no script can read (see docs/auth.md); localStorage keeps only a flag saying
 * a session exists, so a reload or a new tab knows to refresh. Refresh tokens rotate and
 * replaying a used one revokes the whole session, so every refresh — from a timer, from a
 * 401, from another tab — goes through one queue (a promise in this tab, a Web Lock across
 * tabs), and the cookie always holds the newest token.
 */
import type { components } from "./schema";

interface FieldIssue {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  requestId?: string;
  errors?: FieldIssue[];
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail || problem.title || `Request failed (${problem.status})`);
    this.name = "ApiError";
    this.status = problem.status;
    this.code = problem.code ?? "unknown";
    this.problem = problem;
  }

  /** Field errors keyed by dotted field path, without the `query.`/`param.` prefix. */
  get fields(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const issue of this.problem.errors ?? []) {
      const key = issue.field.replace(/^(query|param|header)\./, "");
      if (!out[key]) out[key] = issue.message;
    }
    return out;
  }
}

// The API's own types, generated from its OpenAPI document (schema.d.ts): never copied by hand.
type Schemas = components["schemas"];
export type Role = Schemas["User"]["role"];
/** An account as the API answers it; the session adds whether it must enrol in MFA first. */
export type User = Schemas["User"] & { mfaEnrolmentRequired?: boolean };
/** A session as sign-in and refresh answer it (docs/auth.md). */
export type Tokens = Omit<Schemas["Session"], "user"> & { user: User };

/** Not a credential: "a session cookie should exist". */
const SESSION_KEY = "carebeat.session";
/** Refresh and logout send the cookie; the API also wants this header (CSRF protection). */
const CSRF = { "x-carebeat-csrf": "1" };
const LOCK_NAME = "carebeat.refresh";
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_S = 60;

let accessToken: string | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
let inflight: Promise<Tokens | null> | null = null;
const listeners = new Set<(user: User | null) => void>();

/** Called with the user after every sign-in/refresh, and with null when the session ends. */
export function onSession(fn: (user: User | null) => void) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The current access token (null when signed out), for the WebSocket handshake (realtime.ts). */
export function currentAccessToken() {
  return accessToken;
}

function emit(user: User | null) {
  for (const fn of listeners) fn(user);
}

export function hasStoredSession() {
  return !!localStorage.getItem(SESSION_KEY);
}

export function acceptTokens(t: Tokens) {
  accessToken = t.accessToken;
  localStorage.setItem(SESSION_KEY, "1");
  clearTimeout(refreshTimer);
  const inMs = Math.max(5, t.expiresIn - REFRESH_MARGIN_S) * 1000;
  refreshTimer = setTimeout(() => void refreshSession(), inMs);
  emit({ ...t.user, mfaEnrolmentRequired: !!t.mfaEnrolmentRequired });
}

/** End the session here and on the server (the cookie is revoked and cleared there). */
export function clearSession() {
  const hadSession = !!localStorage.getItem(SESSION_KEY);
  accessToken = null;
  clearTimeout(refreshTimer);
  localStorage.removeItem(SESSION_KEY);
  emit(null);
  if (hadSession) void send("POST", "/api/auth/logout", { body: {}, headers: CSRF, auth: false }).catch(() => undefined);
}

async function withCrossTabLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  return locks ? locks.request(LOCK_NAME, fn) : fn();
}

/**
 * Exchange the refresh cookie for new tokens. Concurrent callers share one request;
 * returns null (and ends the session) when the token is gone or refused.
 */
export function refreshSession(): Promise<Tokens | null> {
  inflight ??= withCrossTabLock(async () => {
    // Checked inside the lock: another tab may have signed out while we waited.
    if (!localStorage.getItem(SESSION_KEY)) {
      clearSession();
      return null;
    }
    try {
      const tokens = await send<Tokens>("POST", "/api/auth/refresh", { body: {}, headers: CSRF, auth: false });
      acceptTokens(tokens.data);
      return tokens.data;
    } catch (err) {
      // Refused (revoked, expired, reused): the session is over. A network failure or a 5xx
      // keeps the stored token so the next attempt can still use it.
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) clearSession();
      else if (!(err instanceof ApiError)) throw err;
      return null;
    }
  }).finally(() => {
    inflight = null;
  });
  return inflight;
}

interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  headers?: Record<string, string>;
  /** Send the access token and refresh once on 401 (default true). */
  auth?: boolean;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  etag: string | null;
  location: string | null;
}

function buildUrl(path: string, query?: RequestOptions["query"]) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** One exchange with the API: a body already serialised, a response read by the caller; a failure is thrown as `ApiError`. */
async function exchange(method: string, url: string, opts: Omit<RequestOptions, "body" | "query"> & { body?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json, application/problem+json", ...opts.headers };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  if (opts.auth !== false && accessToken) headers.authorization = `Bearer ${accessToken}`;
  let res: Response;
  try {
    res = await fetch(url, { method, headers, body: opts.body, signal: opts.signal, credentials: "same-origin" });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError({ status: 0, code: "network", detail: "Cannot reach the Carebeat server. Check your connection and try again." });
  }
  if (!res.ok) {
    const parsed = parseJson(await res.text());
    const p = (parsed && typeof parsed === "object" ? parsed : {}) as Partial<Problem>;
    throw new ApiError({ ...p, status: res.status, detail: p.detail ?? `The server answered ${res.status} ${res.statusText}.` });
  }
  return res;
}

/** JSON, or undefined for an empty or unreadable body. */
function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function send<T>(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
  const res = await exchange(method, buildUrl(path, opts.query), { ...opts, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const parsed = parseJson(res.status === 204 ? "" : await res.text());
  return { data: parsed as T, status: res.status, etag: res.headers.get("etag"), location: res.headers.get("location") };
}

/** With the session's access token; on 401 it refreshes once and tries again. */
async function withSession<T>(auth: boolean | undefined, attempt: () => Promise<T>): Promise<T> {
  if (auth === false) return attempt();
  if (!accessToken && hasStoredSession()) await refreshSession();
  try {
    return await attempt();
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
    const renewed = await refreshSession();
    if (!renewed) throw err;
    return attempt();
  }
}

/**
 * A request with the session's access token, refreshed once on a 401, for openapi-fetch (http.ts,
 * the one caller): the body it serialised is sent as it is, and the response comes back unread,
 * for openapi-fetch to parse once. `auth: false` sends no token and does not refresh (sign-in,
 * registration, password reset, the opt-out link).
 */
export function sessionFetch(method: string, url: string, opts: { body?: string; headers?: Record<string, string>; signal?: AbortSignal; auth?: boolean } = {}): Promise<Response> {
  return withSession(opts.auth, () => exchange(method, url, opts));
}

/** Sign-out in one tab signs out the others (the session flag disappears from storage). */
if (typeof window !== "undefined") {
  window.addEventListener("storage", (e) => {
    if (e.key === SESSION_KEY && e.newValue === null && accessToken) {
      accessToken = null;
      clearTimeout(refreshTimer);
      emit(null);
    }
  });
}
