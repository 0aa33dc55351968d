import { withActor } from "@carebeat/core/actor";
import { log } from "@carebeat/core/observability";
import { instrument } from "@carebeat/core/observability/handler";
import { lazy } from "@carebeat/core/util/lazy";

// The input schema (zod) and the notification domain load on the first invocation, once per
// container (docs/capacity.md, issue 19.1).
const domain = lazy(async () => {
  const [{ z }, { Notification }] = await Promise.all([import("@carebeat/core/util/zod"), import("@carebeat/core/notification")]);
  const Input = z.object({ appointmentId: z.string().min(1).max(64), startsAt: z.iso.datetime({ offset: true }), since: z.iso.datetime({ offset: true }) });
  return { Input, Notification };
});

/**
 * The reminder workflow's Check task (packages/core/src/notification/reminder-workflow.ts): wait
 * how long, or send now, or nothing to send. Input with ids and times only: the execution history
 * holds no address, name or body.
 */
export const handler = instrument("reminder-check", async (event: unknown) => {
  const { Input, Notification } = await domain();
  const input = Input.parse(event);
  const check = await withActor({ type: "system", name: "reminders" }, () => Notification.checkReminder(input));
  if (check.action === "done") log.info("reminder.done", { appointmentId: input.appointmentId, outcome: check.outcome });
  return check;
});
