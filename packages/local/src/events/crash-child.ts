/**
 * Test fixture for crash.test.ts (not a test itself): a runtime that writes events to the outbox,
 * delivers them, and after its third batch has COMMITTED its aggregates tells the parent
 * "applied" and hangs before the position commit, so the parent can SIGKILL it exactly there.
 */
import { startLocalStack } from "../stack";
import { startEventLog } from "./index";
import { generateEvents, writeOutbox } from "./testing";

const dataDir = process.argv[2]!;
await startLocalStack({ dataDir, stage: "test" });
await writeOutbox(generateEvents(1000, { seed: 21 }), 200);
const { handler } = await import("@carebeat/functions/analytics/handler");
let batches = 0;
await startEventLog({
  batchSize: 100,
  consumers: {
    analytics: {
      topic: "appointment-events",
      group: "carebeat-analytics",
      load: async () => async (event) => {
        await handler(event);
        if (++batches === 3) {
          process.stdout.write("applied\n");
          await new Promise(() => {}); // killed here: aggregates committed, position not
        }
      },
    },
  },
});
