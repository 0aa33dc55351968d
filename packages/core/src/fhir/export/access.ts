import { useActor, actorLabel } from "../../actor";
import { Audit } from "../../audit";

/**
 * Who may run and read a `$export` (docs/fhir.md, "Bulk export"): a whole-clinic disclosure, so
 * an admin user only. The route's role list (`access: ["admin"]`) refuses everyone else first;
 * this is the domain's own check, which every entry point (kick-off, poll, cancel, file) calls.
 *
 * SMART Backend Services (issue 16 part 3) admits a system client here: once its middleware puts a
 * `{ type: "system", name: "<client id>", scopes }` actor in context, add
 * `if (actor.type === "system") return scopesAllow(actor.scopes, types)` — `system/*.rs`, or
 * `system/<Type>.rs` for each exported type — and add the system actor to the routes' access
 * (packages/functions/src/api/routes/fhir-export.ts). The job row already keeps
 * `requested_by = system:<client>` / `requested_role = system`, and the audit rows carry it.
 */
export async function assertMayExport(resourceId: string | null, _types: readonly string[] = []) {
  const actor = useActor();
  if (actor.type === "user" && actor.role === "admin") return { requestedBy: actorLabel(actor), requestedRole: actor.role };
  throw await Audit.deny({ action: "fhir.export", resourceType: "bulk_export", resourceId }, "Only an admin may run a bulk export.");
}
