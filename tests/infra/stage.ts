// One synth of sst.config.ts for the stage in argv[2], printed as JSON (the resources of the
// types named in argv[3], comma-separated). A stack module registers its resources once per
// process, so infra.test.ts runs one of these per extra stage (see "per stage" at its end).
import { synth } from "./harness";

const [stage, types] = process.argv.slice(2);
const wanted = new Set((types ?? "").split(",").filter(Boolean));
const { created } = await synth(stage);
const out = JSON.stringify(created.filter((c) => wanted.size === 0 || wanted.has(c.type)));
process.stdout.write(out, () => process.exit(0));
