import { VisibleError } from "../util/error";

/** Returned by a step of `retrying` to ask for another attempt. */
export const AGAIN = Symbol("again");

/**
 * Run `step` until it returns a value (or throws), at most `attempts` times. The appointment
 * operations retry when the row or the doctor changed between their check and their statement;
 * after `attempts` such races the caller is told to try again (409 appointment.busy).
 */
export async function retrying<T>(attempts: number, busyMessage: string, step: (attempt: number) => Promise<T | typeof AGAIN>): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const out = await step(attempt);
    if (out !== AGAIN) return out;
  }
  throw new VisibleError("conflict", "appointment.busy", busyMessage);
}
