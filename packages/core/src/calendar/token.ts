import { randomBytes } from "node:crypto";
import { sha256 } from "../util/hash";

/** 32 random bytes, base64url: the secret part of a feed URL (`/api/calendar/<token>.ics`). */
export const newFeedToken = () => randomBytes(32).toString("base64url");

/** Only this is stored (docs/calendar.md "Token handling"): a database copy cannot subscribe. */
export const hashFeedToken = sha256;

/** The shape newFeedToken makes; anything else is unknown without a database read. */
export const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;
