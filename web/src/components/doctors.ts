import { createMemo } from "solid-js";
import { createAsync } from "@solidjs/router";
import { allDoctors } from "../api/doctors";
import type { ApiError } from "../api/client";

/** All doctors (inactive ones too, for names in history), shared through the router's query cache. */
export function useDoctors() {
  const list = createAsync(() => allDoctors());
  const byId = createMemo(() => new Map((list() ?? []).map((d) => [d.id, d])));
  const active = () => (list() ?? []).filter((d) => d.active !== false);
  return { list, active, byId };
}

/** Wording for booking failures: the 409 overlap and the 422 business rules, inline. */
export function bookingProblem(err: ApiError): string | undefined {
  if (err.status === 409) return "This time conflicts with another booking. Choose another time.";
  if (err.status === 422) return err.problem.errors?.map((e) => e.message).join(". ") || err.message || "This time cannot be booked.";
  return undefined;
}
