import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";

/**
 * For `npm run bench` only (the runtime runs with CAREBEAT_SQL_STATS and an IPC channel): V8's CPU
 * profiler started and stopped by the load generator around its load window, so a profile shows
 * what each booking costs and not the start-up, the warm-up or the drain after it
 * (`BENCH_CPU_PROF=<dir>`, bench/booking-runtime.ts; read with bench/cpu-profile.ts).
 */
export function answerProfileRequests() {
  let session: Session | undefined;
  process.on("message", async (m: { type?: string; action?: "start" | "stop"; file?: string }) => {
    if (m?.type !== "carebeat:profile") return;
    try {
      if (m.action === "start" && !session) {
        session = new Session();
        session.connect();
        await session.post("Profiler.enable");
        await session.post("Profiler.setSamplingInterval", { interval: 200 });
        await session.post("Profiler.start");
      } else if (m.action === "stop" && session && m.file) {
        const { profile } = await session.post("Profiler.stop");
        writeFileSync(m.file, JSON.stringify(profile));
        session.disconnect();
        session = undefined;
      }
      process.send!({ type: "carebeat:profile", ok: true });
    } catch (err) {
      process.send!({ type: "carebeat:profile", ok: false, error: String(err) });
    }
  });
}
