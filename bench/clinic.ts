import type { TestApp } from "@carebeat/local/testing";
import type { Result } from "./harness";

/** Clinic-record benchmarks; filled in once patients and appointments exist. */
export async function clinicBenchmarks(_t: TestApp, _n: number): Promise<Result[]> {
  return [];
}
