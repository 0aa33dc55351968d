import { randomFillSync } from "node:crypto";

/** Prefixes make an id say what it points at in logs and URLs. */
const prefixes = {
  user: "usr",
  refreshToken: "rtk",
  patient: "pat",
  doctor: "doc",
  appointment: "apt",
  invoice: "inv",
  payment: "pay",
  audit: "aud",
  calendarFeed: "cal",
  mail: "eml",
  passwordReset: "pwr",
  recoveryCode: "mrc",
  event: "evt",
  medication: "med",
  prescription: "rx",
  dispense: "dsp",
  repeatRequest: "rpt",
  request: "req",
  smartClient: "smc",
  bulkExport: "bex",
} as const;

export type IdKind = keyof typeof prefixes;

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"; // Crockford base32, lower case (ULID's, as we print it)

/**
 * Random bytes drawn 4 KB at a time: one `randomFillSync` per ~400 ids instead of the
 * `ulid` package's one random call per character (16 per id).
 */
const pool = Buffer.alloc(4096);
let offset = pool.length;
function randomDigits(out: number[]) {
  if (offset + 16 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  for (let i = 0; i < 16; i++) out[i] = pool[offset++]! & 31;
}

let lastTime = -1;
const digits: number[] = new Array(16).fill(0);
let lastTimePart = "";

/**
 * A ULID: 10 characters of millisecond time, 16 of randomness (80 bits), so ids sort by
 * creation time. Monotonic within the process: in the same millisecond the random part is
 * incremented instead of redrawn (as ulid's monotonicFactory), so ids never sort backwards.
 */
export function ulid(now = Date.now()): string {
  if (now > lastTime) {
    lastTime = now;
    let t = now;
    let s = "";
    for (let i = 0; i < 10; i++) {
      s = ALPHABET[t % 32] + s;
      t = Math.floor(t / 32);
    }
    lastTimePart = s;
    randomDigits(digits);
  } else {
    // Same (or an earlier, clock went back) millisecond: increment, carrying; on overflow redraw.
    let i = 15;
    while (i >= 0 && digits[i] === 31) digits[i--] = 0;
    if (i < 0) randomDigits(digits);
    else digits[i]!++;
  }
  let r = lastTimePart;
  for (let i = 0; i < 16; i++) r += ALPHABET[digits[i]!];
  return r;
}

/** Sortable (ULID-based), prefixed id, e.g. `apt_01j9z…`. */
export function createId(kind: IdKind): string {
  return `${prefixes[kind]}_${ulid()}`;
}

export function idPattern(kind: IdKind): RegExp {
  return new RegExp(`^${prefixes[kind]}_[0-9a-z]{26}$`);
}
