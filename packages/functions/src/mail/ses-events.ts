import { log } from "@carebeat/core/observability";
import { instrument } from "@carebeat/core/observability/handler";
import { lazy } from "@carebeat/core/util/lazy";

// The mail domain (drizzle, zod; SES is core's own lazy chunk) loads on the first invocation,
// once per container (docs/capacity.md, issue 19.1).
const mail = lazy(() => import("@carebeat/core/mail").then((m) => m.Mail));

/** What SES event publishing puts in the SNS message (only the fields read here). */
interface SesEvent {
  eventType?: string;
  notificationType?: string;
  bounce?: { bounceType?: string; bouncedRecipients?: { emailAddress?: string }[] };
  complaint?: { complainedRecipients?: { emailAddress?: string }[] };
}

/** The addresses an SES event says to stop sending to: permanent bounces and complaints, never a transient bounce. */
export function suppressedBy(e: SesEvent): { address: string; reason: "bounce" | "complaint" }[] {
  const type = e.eventType ?? e.notificationType;
  if (type === "Bounce" && e.bounce?.bounceType === "Permanent")
    return (e.bounce.bouncedRecipients ?? []).flatMap((r) => (r.emailAddress ? [{ address: r.emailAddress, reason: "bounce" as const }] : []));
  if (type === "Complaint") return (e.complaint?.complainedRecipients ?? []).flatMap((r) => (r.emailAddress ? [{ address: r.emailAddress, reason: "complaint" as const }] : []));
  return [];
}

/**
 * SNS subscriber of the SES configuration set's bounce and complaint events (stacks/mail.ts):
 * suppressed addresses get no more mail from the sender. Idempotent (SNS delivers at least once).
 * Logs counts, never an address.
 */
export const handler = instrument("mail-events", async (event: { Records?: { Sns?: { Message?: string } }[] }) => {
  let suppressed = 0;
  for (const record of event.Records ?? []) {
    let parsed: SesEvent;
    try {
      parsed = JSON.parse(record.Sns?.Message ?? "");
    } catch {
      log.warn("mail-events.unreadable");
      continue;
    }
    for (const s of suppressedBy(parsed)) {
      await (await mail()).suppress(s.address, s.reason);
      suppressed++;
    }
  }
  log.info("mail-events.done", { suppressed });
  return { suppressed };
});
