/**
 * The typed API client: openapi-fetch over the types generated from the API's own OpenAPI
 * document (schema.d.ts, written by `npm run build -w web`). Paths, parameters, bodies and
 * responses are checked by tsc, so a renamed field breaks the build.
 *
 * Every request still goes through client.ts (`sessionFetch`): the access token, the single
 * refresh on a 401 and problem+json → `ApiError` stay there, in one place. openapi-fetch
 * only gets a `fetch` that hands the request to it, so an error reaches the caller as the
 * same `ApiError` (with field errors) the forms already understand.
 */
import createClient from "openapi-fetch";
import { query } from "@solidjs/router";
import { onSession, sessionFetch } from "./client";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];

/**
 * openapi-fetch's `fetch`, through client.ts: the body it serialised is sent as it is and the
 * API's response handed back unread, so each body is serialised and parsed once.
 */
const viaClient =
  (auth: boolean) =>
  async (input: Request): Promise<Response> => {
    const url = new URL(input.url);
    const body = input.body ? await input.text() : "";
    const headers: Record<string, string> = {};
    // client.ts sets accept / content-type / authorization itself.
    input.headers.forEach((value, key) => {
      if (!["accept", "content-type", "authorization"].includes(key)) headers[key] = value;
    });
    return sessionFetch(input.method, url.pathname + url.search, { body: body || undefined, headers, signal: input.signal, auth });
  };

/** For the calls made without a session (`{ fetch: publicFetch }`): no token, no refresh on a 401. */
export const publicFetch = viaClient(false);

export const http = createClient<paths>({
  baseUrl: typeof location === "undefined" ? "http://localhost" : location.origin,
  fetch: viaClient(true),
});

/**
 * The body of a successful response. Failures never get here: `request` throws `ApiError`
 * for them before openapi-fetch sees a response.
 */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error } = await call;
  if (error !== undefined) throw error;
  return data as T;
}

/** The body and the ETag (optimistic concurrency with If-Match). */
export async function withEtag<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>) {
  const { data, error, response } = await call;
  if (error !== undefined) throw error;
  return { data: data as T, etag: response.headers.get("etag") };
}

/** Drop empty filter values ("", null, undefined), so `?status=` is never sent. */
export function clean<T extends object>(params: T): T {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== "")) as T;
}

/** A page of a cursor-paginated list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

// Another user may sign in in this tab next: never serve them the last one's cached data.
onSession((u) => {
  if (!u) query.clear();
});
