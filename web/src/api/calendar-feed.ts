import { http, ok } from "./http";

/** The caller's own calendar feed (doctors and patients; docs/calendar.md). Failures throw ApiError. */
export const CalendarFeed = {
  status: () => ok(http.GET("/api/calendar/feed")),
  /** Create, or rotate (the old URL stops working). The URL is answered once and never stored. */
  create: () => ok(http.POST("/api/calendar/feed")),
  revoke: async () => void (await ok(http.DELETE("/api/calendar/feed"))),
};
