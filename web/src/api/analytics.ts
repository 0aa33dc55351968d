import { query } from "@solidjs/router";
import { clean, http, ok, type Schemas } from "./http";

/** The snapshot `GET /api/analytics/summary` answers and the `analytics` channel pushes. */
export type AnalyticsSnapshot = Schemas["AnalyticsSnapshot"];
export type AnalyticsCounts = AnalyticsSnapshot["totals"];

const Analytics = {
  summary: (doctorId?: string) => ok(http.GET("/api/analytics/summary", { params: { query: clean({ doctorId }) } })),
  prescriptions: () => ok(http.GET("/api/analytics/prescriptions", {})),
};

export const analyticsSummary = query((doctorId?: string) => Analytics.summary(doctorId), "analytics.summary");
/** Prescriptions and dispenses per prescriber and day; re-read whenever the `analytics` channel pushes. */
export const prescriptionAnalytics = query(() => Analytics.prescriptions(), "analytics.prescriptions");

export function isSnapshot(msg: Record<string, unknown>): msg is Record<string, unknown> & AnalyticsSnapshot {
  return msg.metricType === "AppointmentAnalytics";
}

export const countLabels: { key: keyof AnalyticsCounts; label: string }[] = [
  { key: "booked", label: "Bookings" },
  { key: "rescheduled", label: "Reschedules" },
  { key: "cancelled", label: "Cancellations" },
  { key: "completed", label: "Completed" },
  { key: "noShow", label: "No-shows" },
];
