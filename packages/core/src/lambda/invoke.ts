import { lazy } from "../util/lazy";
import { linkedOrUndefined } from "../util/links";

/**
 * Asynchronous Lambda invokes ("something committed, come and look"): the event relay and the
 * mail sender are woken this way by the API after a commit (docs/analytics.md, docs/mail.md).
 * Lambda queues an `Event` invoke in ~20 ms, so the request never waits for the work, and a lost
 * invoke only delays the work until the function's cron sweep.
 *
 * client-lambda is imported with the first invoke (in AWS only: offline the work runs in-process),
 * not with the module: it serves this one call and nothing else (docs/capacity.md).
 */
const lambda = lazy(() =>
  import("./sdk").then(({ LambdaClient, InvokeCommand }) => {
    const client = new LambdaClient({});
    return (name: string, payload: string) => client.send(new InvokeCommand({ FunctionName: name, InvocationType: "Event", Payload: Buffer.from(payload) }));
  }),
);

export async function invokeAsync(functionName: string, payload: Record<string, unknown>): Promise<void> {
  await (await lambda())(functionName, JSON.stringify(payload));
}

/** A linked function's name, or undefined where it is not linked (offline). */
export function linkedFunctionName(name: string): string | undefined {
  return (linkedOrUndefined(name) as { name?: string } | undefined)?.name;
}
