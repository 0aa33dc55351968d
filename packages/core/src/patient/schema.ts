import { z } from "../util/zod";

const text = (max: number) => z.string().trim().min(1, "Must not be empty").max(max);

export const Name = z.object({ given: text(100), family: text(100) }).strict();

export const BirthDate = z.iso
  .date({ message: "Must be a date YYYY-MM-DD" })
  .refine((d) => d >= "1900-01-01", "Must be on or after 1900-01-01")
  .refine((d) => d <= new Date().toISOString().slice(0, 10), "Must not be in the future");

export const Contact = z
  .object({
    email: z.string().trim().toLowerCase().max(254).pipe(z.email({ message: "Must be a valid email address" })).optional(),
    phone: z.string().trim().regex(/^\+?[0-9][0-9 ()-]{5,20}$/, "Must be a phone number such as +15551234567").optional(),
  })
  .strict();

export const Address = z
  .object({
    line1: text(200).optional(),
    line2: text(200).optional(),
    city: text(100).optional(),
    region: text(100).optional(),
    postalCode: text(20).optional(),
    country: z.string().regex(/^[A-Z]{2}$/, "Must be an ISO 3166-1 alpha-2 code such as US").optional(),
  })
  .strict();

export const Insurance = z
  .object({ provider: text(100).optional(), memberId: text(64).optional(), groupNumber: text(64).optional() })
  .strict();

export const EXTENSION_MAX_KEYS = 20;
export const EXTENSION_MAX_BYTES = 4096;

/** The seeds' "flexible schema", bounded so one record cannot grow without limit. */
export const Extensions = z
  .record(
    z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, "Keys are letters, digits and _ (max 40), starting with a letter"),
    z.union([z.string().max(500, "Values are at most 500 characters"), z.number().finite(), z.boolean(), z.null()]),
  )
  .refine((m) => Object.keys(m).length <= EXTENSION_MAX_KEYS, `At most ${EXTENSION_MAX_KEYS} keys`)
  .refine((m) => Buffer.byteLength(JSON.stringify(m)) <= EXTENSION_MAX_BYTES, `At most ${EXTENSION_MAX_BYTES} bytes in all`);

const list = z.array(text(200)).max(50, "At most 50 entries");

export const PatientFields = z
  .object({
    name: Name,
    birthDate: BirthDate.optional(),
    sex: z.enum(["female", "male", "other", "unknown"]).optional(),
    contact: Contact.optional(),
    address: Address.optional(),
    conditions: list.optional(),
    allergies: list.optional(),
    insurance: Insurance.optional(),
    extensions: Extensions.optional(),
  })
  .strict();
export type PatientFields = z.infer<typeof PatientFields>;

/**
 * A patch replaces each top-level field it names; `null` clears an optional one.
 * (Nested objects are replaced whole: simpler to reason about than deep merge.)
 */
export const PatientPatch = z
  .object({
    name: Name.optional(),
    birthDate: BirthDate.nullable().optional(),
    sex: z.enum(["female", "male", "other", "unknown"]).nullable().optional(),
    contact: Contact.nullable().optional(),
    address: Address.nullable().optional(),
    conditions: list.nullable().optional(),
    allergies: list.nullable().optional(),
    insurance: Insurance.nullable().optional(),
    extensions: Extensions.nullable().optional(),
  })
  .strict();
export type PatientPatch = z.infer<typeof PatientPatch>;

/** What a patient may change on their own record. */
export const SELF_EDITABLE = ["contact", "address", "insurance"] as const;

export const Patient = PatientFields.extend({
  id: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
}).openapi("Patient");
export type Patient = z.infer<typeof Patient>;

export const ListInput = z.object({
  q: z.string().trim().min(1).max(100).optional(),
  email: z.string().trim().toLowerCase().max(254).optional(),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  includeDeleted: z.enum(["true", "false"]).optional(),
});
