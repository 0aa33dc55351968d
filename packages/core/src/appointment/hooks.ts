/**
 * Work that higher domains want done after a booking commits (billing starts its workflow).
 * Appointment sits below billing in the layering (.dependency-cruiser.cjs), so it cannot call
 * billing; billing registers here instead (billing/after-booking.ts), once per process.
 *
 * A hook runs after the commit (drizzle afterCommit): the booking is durable whatever the hook
 * does, so a hook must not throw for a failure it can leave to a sweeper — it logs and returns.
 */
export type BookedHook = (appointmentId: string) => Promise<void>;

const booked = new Set<BookedHook>();

/** Register `hook` to run after every committed booking; registering the same function twice is a no-op. */
export function onBooked(hook: BookedHook): void {
  booked.add(hook);
}

/** Run every registered hook for a committed booking, in registration order. */
export async function runBookedHooks(appointmentId: string): Promise<void> {
  for (const hook of booked) await hook(appointmentId);
}
