import { createContext } from "../util/context";
import { VisibleError } from "../util/error";

export const roles = ["admin", "staff", "doctor", "patient", "pharmacist"] as const;
export type Role = (typeof roles)[number];

export type Actor =
  | {
      type: "user";
      userId: string;
      role: Role;
      patientId?: string | null;
      doctorId?: string | null;
      /** Signed in, but must enrol in MFA first: only the enrolment routes answer (docs/auth.md). */
      mfaPending?: boolean;
    }
  | {
      type: "system";
      name: string;
      /**
       * A SMART Backend Services client (core/smart, docs/smart.md): a system actor admitted on
       * the FHIR routes only, and only as far as its granted scopes (`system/Patient.rs`) reach.
       * Internal jobs (billing, mail) carry none.
       */
      client?: { id: string; scopes: readonly string[] };
    }
  | { type: "public" };

export interface RequestInfo {
  requestId: string;
  ip?: string;
}

const ActorContext = createContext<Actor>("actor");
const RequestContext = createContext<RequestInfo>("request");

export const withActor = ActorContext.with;
export const withRequest = RequestContext.with;

export function useActor(): Actor {
  return ActorContext.maybe() ?? { type: "public" };
}

export function useRequest(): RequestInfo | undefined {
  return RequestContext.maybe();
}

/** The signed-in user, or a 401. */
export function useUser() {
  const actor = useActor();
  if (actor.type !== "user") throw new VisibleError("unauthenticated", "auth.required", "Sign in to continue.");
  return actor;
}

/** Stable string for audit rows: `usr_…`, `system:billing`, `public`. */
export function actorLabel(actor: Actor = useActor()): string {
  if (actor.type === "user") return actor.userId;
  // A SMART client is recorded by its own id (`smc_…`), so `GET /api/audit?actorId=smc_…` lists what it read.
  if (actor.type === "system") return actor.client ? actor.client.id : `system:${actor.name}`;
  return "public";
}

export function assertRole(...allowed: Role[]) {
  const user = useUser();
  if (!allowed.includes(user.role)) {
    throw new VisibleError("forbidden", "auth.forbidden", "Your role may not do this.");
  }
  return user;
}
