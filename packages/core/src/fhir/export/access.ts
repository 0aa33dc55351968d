import { useActor, actorLabel } from "../../actor";
import { Audit } from "../../audit";
import { hasScope, isClient } from "../../smart/scopes";
import { VisibleError } from "../../util/error";
import type { Job } from "./jobs";
import { notFound } from "./poll";

/**
 * Who may run and read a `$export` (docs/fhir.md, "Bulk export"): a whole-clinic disclosure, so an
 * admin user, or a SMART Backend Services client (docs/smart.md) whose granted scopes read every
 * type the export writes. The routes' role list admits the admin; the FHIR scope middleware lets a
 * client with some read scope through to here, where the export's own types decide.
 */

type Requester = { requestedBy: string; requestedRole: string };

/** The first check of every entry point: an admin or a SMART client, else 403 (audited). */
export async function assertMayExport(resourceId: string | null): Promise<Requester> {
  const actor = useActor();
  if (actor.type === "user" && actor.role === "admin") return { requestedBy: actorLabel(actor), requestedRole: actor.role };
  // `requested_by` is the client's own id (`smc_…`): tasks.ts rebuilds the client actor from it.
  if (isClient(actor)) return { requestedBy: actor.client.id, requestedRole: "system" };
  throw await Audit.deny({ action: "fhir.export", resourceType: "bulk_export", resourceId }, "Only an admin may run a bulk export.");
}

/**
 * A client reads every type it exports: `system/*.rs`, or `system/<Type>.r` for each — the types it
 * named in `_type`, or all the level implies when it named none. Nothing is silently narrowed: a
 * client asking for more than its grant learns so (403 `smart.scope_missing`, audited) rather than
 * receiving a partial export it takes for the whole. Checked again on every poll, cancel and file,
 * since a later token may carry a narrower grant. Admins pass.
 */
export async function assertTypesAllowed(types: readonly string[], resourceId: string | null) {
  const actor = useActor();
  if (!isClient(actor)) return;
  const missing = types.filter((t) => !hasScope(actor, t, "r"));
  if (!missing.length) return;
  const required = missing.map((t) => `system/${t}.r`).join(" ");
  await Audit.record({
    action: "fhir.export",
    resourceType: "bulk_export",
    resourceId,
    outcome: "denied",
    detail: { reason: "scope", required, granted: actor.client.scopes.join(" ") },
  });
  throw new VisibleError("forbidden", "smart.scope_missing", `The access token's scope does not allow this export (needs ${required}).`);
}

/**
 * A job answers only its own requester: a client its own jobs, an admin the admins' jobs (the
 * clinic's admins share their exports, as before clients existed). Anyone else gets the 404 an
 * unknown id gets — a status URL reveals nothing to who did not kick it off — and the attempt is
 * audited.
 */
export async function assertOwnJob(job: Job | undefined, jobId: string): Promise<Job> {
  if (!job) throw notFound();
  const actor = useActor();
  const own = isClient(actor) ? job.requestedRole === "system" && job.requestedBy === actor.client.id : job.requestedRole === "admin";
  if (!own) {
    await Audit.record({ action: "fhir.export", resourceType: "bulk_export", resourceId: jobId, outcome: "denied", detail: { reason: "not the requester" } });
    throw notFound();
  }
  await assertTypesAllowed(job.types, jobId);
  return job;
}
