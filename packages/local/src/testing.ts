import { startLocalStack, type LocalStack } from "./stack";

/** The refresh token a login/refresh answer set as its cookie (`__Secure-carebeat-refresh`). */
export function refreshCookieOf(res: { headers: Headers }): string | undefined {
  for (const line of res.headers.getSetCookie()) {
    const m = /^__Secure-carebeat-refresh=([^;]*)/.exec(line);
    if (m) return decodeURIComponent(m[1]!) || undefined;
  }
  return undefined;
}

export type Role = "admin" | "staff" | "doctor" | "patient" | "pharmacist";

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
  role: Role;
  patientId: string | null;
  doctorId: string | null;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Raw body text, sent as-is (for malformed JSON tests). */
  raw?: string;
  headers?: Record<string, string>;
}

export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  contentType: string;
}

/**
 * Tests print failures, not every request's access line, batch line and metric: warnings and
 * errors only, unless the run asks for more (POWERTOOLS_LOG_LEVEL=INFO, POWERTOOLS_METRICS_DISABLED=false).
 */
export async function quietTestLogs() {
  process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
  if (!process.env.POWERTOOLS_LOG_LEVEL) (await import("@carebeat/core/observability")).logger.setLogLevel("WARN");
}

/**
 * A throw-away Carebeat for one test file: real PGlite (or the server in DATABASE_URL,
 * in a fresh database), dynalite and s3rver, migrated, with the real Hono app.
 */
export async function startTestApp() {
  await quietTestLogs();
  const stack: LocalStack = await startLocalStack({ databaseUrl: process.env.DATABASE_URL, stage: "test" });
  const { app } = await import("@carebeat/functions/api");
  const { withActor } = await import("@carebeat/core/actor");
  const { Auth } = await import("@carebeat/core/auth");
  let counter = 0;

  async function call<T = any>(method: string, path: string, opts: CallOptions = {}): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
    const res = await app.request(path, { method, headers, body });
    const contentType = res.headers.get("content-type") ?? "";
    const text = await res.text();
    let parsed: any = text;
    if (contentType.includes("json") && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed, contentType };
  }

  /** Create an account of any role directly in the domain layer and sign it in. */
  async function user(role: Role, extra: { patientId?: string | null; doctorId?: string | null; email?: string } = {}): Promise<TestUser> {
    const email = extra.email ?? `${role}-${Date.now().toString(36)}-${++counter}@test.carebeat`;
    const password = "test-password-123";
    const created = await withActor({ type: "system", name: "test" }, () =>
      Auth.createUser({ email, password, name: `Test ${role} ${counter}`, role, patientId: extra.patientId ?? null, doctorId: extra.doctorId ?? null }),
    );
    const login = await call("POST", "/api/auth/login", { body: { email, password } });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
    return {
      id: created.id,
      email,
      password,
      role,
      token: login.body.accessToken,
      refreshToken: refreshCookieOf(login)!,
      patientId: created.patientId,
      doctorId: created.doctorId,
    };
  }

  return { stack, app, call, user, stop: () => stack.stop() };
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;
