import { z } from "./zod";

// Its own module, apart from ./text.ts: that one is in the API Lambda's init (the safe-text
// middleware), and zod must not be (api/bundle.test.ts).

/**
 * Single-line fields (names, specialties, address lines, list entries) end up in PDF headers,
 * email subjects and headers and calendar feeds (issue 18): refuse every C0 and C1 control
 * character (CR, LF and TAB included), U+2028/U+2029, and the bidirectional embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069) that can make `Dr Ana` display as
 * something else. The invisible direction *marks* (U+200E, U+200F, U+061C) stay allowed: names in
 * right-to-left scripts legitimately use them. Free-text fields that allow newlines do not use this.
 */
const NOT_ONE_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;
const SINGLE_LINE_MESSAGE = "Must be one line of text: no line breaks, control characters or bidirectional overrides";

export function isSingleLine(value: string): boolean {
  return !NOT_ONE_LINE.test(value);
}

/** The one schema for a required single-line string: trimmed, 1..max characters, one line. */
export function singleLine(max: number, emptyMessage = "Required") {
  return z.string().trim().min(1, emptyMessage).max(max).refine(isSingleLine, SINGLE_LINE_MESSAGE);
}
