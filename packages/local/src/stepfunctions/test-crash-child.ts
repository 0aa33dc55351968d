/**
 * The process the SIGKILL test kills: an endpoint on the given dataDir whose Render task
 * announces itself and never returns, so the kill lands mid-task.
 */
import { startStepFunctions } from "./index";
import { definition, fn } from "./test-machine";

const sfn = await startStepFunctions({
  dataDir: process.argv[2],
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
  machines: [
    {
      name: "carebeat-test-billing",
      definition,
      handlers: {
        [fn("Load")]: async () => ({ fee: 8000 }),
        [fn("Render")]: () => {
          process.stdout.write("RENDER_STARTED\n");
          return new Promise(() => {});
        },
        [fn("Tag")]: async () => ({}),
        [fn("Risky")]: async () => ({}),
        [fn("Record")]: async () => ({}),
      },
    },
  ],
});
process.stdout.write(`ENDPOINT ${sfn.endpoint}\n`);
