import { For, Show, Suspense, createMemo, createSignal, lazy } from "solid-js";
import { createAsync, revalidate } from "@solidjs/router";
import { analyticsSummary, countLabels, isSnapshot, prescriptionAnalytics, type AnalyticsSnapshot } from "../api/analytics";
import { PrescriptionStats } from "../components/prescription-stats";
import { PageHeader, RoleGate } from "../components/layout";
import { Async, Empty, Loading } from "../components/async";
import { LiveBadge } from "../components/live-badge";
import { useDoctors } from "../components/doctors";
import { onReconnect, useChannel } from "../realtime";
import { formatClock, formatTimestamp } from "../format";
import { hasRole } from "../session";

/** uPlot comes with the chart, in its own chunk, after the figures are on screen. */
const HourlyChart = lazy(() => import("../components/hourly-chart"));

/**
 * The live dashboard: the summary over HTTP first, then every snapshot the `analytics`
 * channel pushes (the newer `timestamp` wins, so a push that overtook the HTTP answer is not
 * undone by it). After a reconnect it reads the summary again: pushes missed while the
 * socket was down are not replayed.
 */
export default function AnalyticsPage() {
  const summary = createAsync(() => analyticsSummary());
  const [pushed, setPushed] = createSignal<AnalyticsSnapshot | null>(null);
  const snapshot = createMemo(() => {
    const a = summary();
    const b = pushed();
    if (!a) return b ?? undefined;
    return b && b.timestamp > a.timestamp ? b : a;
  });
  useChannel("analytics", (msg) => {
    if (isSnapshot(msg)) setPushed(msg);
    // A push follows every counted batch, appointment or prescription: re-read the prescription figures too.
    void revalidate(prescriptionAnalytics.key);
  });
  onReconnect(() => void revalidate([analyticsSummary.key, prescriptionAnalytics.key]));
  const doctors = useDoctors();
  const isDoctor = () => hasRole("doctor");

  return (
    <RoleGate roles={["admin", "staff", "doctor"]}>
      <section class="page">
        <PageHeader
          title="Analytics"
          subtitle={
            isDoctor() ? "Your appointments as they happen: bookings, changes and visits, by event time." : "Appointment activity across the clinic as it happens, by event time."
          }
          actions={<LiveBadge />}
        />
        <Async source={summary}>
          <Show when={snapshot()}>
            {(s) => (
              <>
                <p class="muted small" data-testid="analytics-window">
                  <Show when={s().windowStartTime !== null} fallback="No appointment events yet.">
                    Window: {formatTimestamp(new Date(s().windowStartTime!).toISOString())} – {formatTimestamp(new Date(s().windowEndTime!).toISOString())}
                  </Show>{" "}
                  · updated {formatClock(new Date(s().timestamp).toISOString())}
                </p>
                <ul class="stats" aria-label="Totals">
                  <li class="stat card">
                    <span class="stat-label">Events</span>
                    <span class="stat-value" data-testid="total-events">
                      {s().totalEventsCreated}
                    </span>
                  </li>
                  <For each={countLabels}>
                    {(c) => (
                      <li class="stat card">
                        <span class="stat-label">{c.label}</span>
                        <span class="stat-value" data-testid={`total-${c.key}`}>
                          {s().totals[c.key]}
                        </span>
                      </li>
                    )}
                  </For>
                  <li class="stat card">
                    <span class="stat-label">Bookings per hour</span>
                    <span class="stat-value">{s().avgAppointmentsPerHour.toFixed(1)}</span>
                  </li>
                </ul>
                <figure class="card chart-card">
                  <figcaption>
                    <h2>Bookings per hour</h2>
                    <p class="small muted">The last 24 hours with events, in your time zone. Bars: bookings; line: cancellations.</p>
                  </figcaption>
                  <Show when={s().hourly.length} fallback={<Empty>Nothing to draw yet: book an appointment and it appears here.</Empty>}>
                    <Suspense fallback={<Loading label="Loading the chart…" />}>
                      <HourlyChart hourly={s().hourly} />
                    </Suspense>
                    <p class="sr-only">
                      {s().hourly.filter((h) => h.booked).length} hours with bookings; the busiest had {Math.max(0, ...s().hourly.map((h) => h.booked))} bookings.
                    </p>
                  </Show>
                </figure>
                <Show when={!isDoctor()}>
                  <div class="card">
                    <h2>Per doctor</h2>
                    <Show when={s().doctors.length} fallback={<p class="muted">No doctor has appointment events yet.</p>}>
                      <div class="table-wrap">
                        <table class="table stack-sm" aria-label="Per doctor">
                          <thead>
                            <tr>
                              <th scope="col">Doctor</th>
                              <For each={countLabels}>
                                {(c) => (
                                  <th scope="col" class="num">
                                    {c.label}
                                  </th>
                                )}
                              </For>
                              <th scope="col" class="num">
                                All events
                              </th>
                            </tr>
                          </thead>
                          <tbody>
                            <For each={[...s().doctors].sort((a, b) => b.total - a.total)}>
                              {(d) => (
                                <tr>
                                  <th scope="row" data-label="Doctor">
                                    {doctors.byId().get(d.doctorId)?.name ?? <span class="mono small">{d.doctorId}</span>}
                                  </th>
                                  <For each={countLabels}>
                                    {(c) => (
                                      <td class="num" data-label={c.label}>
                                        {d[c.key]}
                                      </td>
                                    )}
                                  </For>
                                  <td class="num strong" data-label="All events">
                                    {d.total}
                                  </td>
                                </tr>
                              )}
                            </For>
                          </tbody>
                        </table>
                      </div>
                    </Show>
                  </div>
                </Show>
              </>
            )}
          </Show>
        </Async>
        <PrescriptionStats doctorName={(id) => doctors.byId().get(id)?.name} perDoctor={!isDoctor()} />
      </section>
    </RoleGate>
  );
}
