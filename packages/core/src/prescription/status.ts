/**
 * A prescription's status as stored. `expired` is never stored: it is what an `active`,
 * `partly_dispensed` or `dispensed` prescription reads as once its valid-until date has passed
 * (effectiveStatus below), so no job has to sweep dates and a read can never disagree with a
 * dispense about whether the prescription still holds.
 */
export const storedStatuses = ["active", "partly_dispensed", "dispensed", "completed", "cancelled"] as const;
export type StoredStatus = (typeof storedStatuses)[number];
export const prescriptionStatuses = [...storedStatuses, "expired"] as const;
export type PrescriptionStatus = (typeof prescriptionStatuses)[number];

/** Statuses a pharmacist may still dispense against (before the date check). */
export const dispensable: readonly StoredStatus[] = ["active", "partly_dispensed", "dispensed"];

/**
 * The stored status after `dispensedUnits` of `quantity × (1 + repeats)`: nothing yet → active;
 * all of it → completed; a whole number of fills → dispensed (repeats left); else partly_dispensed.
 */
export function statusAfter(dispensedUnits: number, quantity: number, repeats: number): StoredStatus {
  if (dispensedUnits <= 0) return "active";
  if (dispensedUnits >= quantity * (1 + repeats)) return "completed";
  return dispensedUnits % quantity === 0 ? "dispensed" : "partly_dispensed";
}

/** `YYYY-MM-DD` of today in UTC: the day a valid-until date is compared with. */
export const todayUtc = (now = new Date()) => now.toISOString().slice(0, 10);

/** What a reader sees: a still-open prescription past its valid-until date (inclusive) is expired. */
export function effectiveStatus(stored: StoredStatus, validUntil: string, now = new Date()): PrescriptionStatus {
  if (dispensable.includes(stored) && validUntil < todayUtc(now)) return "expired";
  return stored;
}

/** Dose frequencies as structured codes (printed with their label): a pharmacist reads no free text to know how often. */
export const frequencies = {
  once_daily: "once a day",
  twice_daily: "twice a day",
  three_times_daily: "three times a day",
  four_times_daily: "four times a day",
  every_other_day: "every other day",
  weekly: "once a week",
  at_bedtime: "at bedtime",
  as_needed: "when needed",
} as const;
export type Frequency = keyof typeof frequencies;
export const frequencyCodes = Object.keys(frequencies) as [Frequency, ...Frequency[]];

export const doseUnits = ["tablet", "capsule", "ml", "mg", "drop", "puff", "application", "unit", "sachet"] as const;
export const medicationForms = ["tablet", "capsule", "oral solution", "suspension", "cream", "ointment", "inhaler", "drops", "injection", "patch", "sachet"] as const;
export const repeatRequestStatuses = ["pending", "approved", "declined"] as const;
