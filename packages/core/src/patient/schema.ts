import { z } from "../util/zod";
import { Cursor } from "../util/cursor";
import { StorableNumber } from "../util/number";
import { singleLine } from "../util/line";

const text = (max: number) => singleLine(max, "Must not be empty");

/** A closed object: unknown keys are refused, each named in the 400 (see issuesFromZod). */
function closed<S extends z.ZodRawShape>(shape: S) {
  return z.object(shape).strict();
}

const Name = closed({ given: text(100), family: text(100) });

const BirthDate = z.iso
  .date({ message: "Must be a date YYYY-MM-DD" })
  .refine((d) => d >= "1900-01-01", "Must be on or after 1900-01-01")
  .refine((d) => d <= new Date().toISOString().slice(0, 10), "Must not be in the future");

export const Sex = z.enum(["female", "male", "other", "unknown"]);

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254)
  .pipe(z.email({ message: "Must be a valid email address" }));

const Contact = closed({
  email: Email.optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 ()-]{5,20}$/, "Must be a phone number such as +15551234567")
    .optional(),
});

const Address = closed({
  line1: text(200).optional(),
  line2: text(200).optional(),
  city: text(100).optional(),
  region: text(100).optional(),
  postalCode: text(20).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, "Must be an ISO 3166-1 alpha-2 code such as US")
    .optional(),
});

const Insurance = closed({ provider: text(100).optional(), memberId: text(64).optional(), groupNumber: text(64).optional() });

const EXTENSION_MAX_KEYS = 20;
const EXTENSION_MAX_BYTES = 4096;
const EXTENSION_MAX_VALUE = 500;

const ExtensionKey = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, "Keys are letters, digits and _ (max 40), starting with a letter");
const ExtensionValue = z.union([
  z.string().max(EXTENSION_MAX_VALUE, `Values are at most ${EXTENSION_MAX_VALUE} characters`),
  // Refuses what DynamoDB cannot hold exactly (1e21, 1e-320…) with a 400, instead of a 500 from the marshaller.
  StorableNumber,
  z.boolean(),
  z.null(),
]);
const bytes = (m: unknown) => Buffer.byteLength(JSON.stringify(m));

/** The seeds' "flexible schema", bounded so one record cannot grow without limit. */
export const Extensions = z
  .record(ExtensionKey, ExtensionValue)
  .refine((m) => Object.keys(m).length <= EXTENSION_MAX_KEYS, `At most ${EXTENSION_MAX_KEYS} keys`)
  .refine((m) => bytes(m) <= EXTENSION_MAX_BYTES, `At most ${EXTENSION_MAX_BYTES} bytes in all`);

const list = z.array(text(200)).max(50, "At most 50 entries");

export const PatientFields = closed({
  name: Name,
  birthDate: BirthDate.optional(),
  sex: Sex.optional(),
  contact: Contact.optional(),
  address: Address.optional(),
  conditions: list.optional(),
  allergies: list.optional(),
  insurance: Insurance.optional(),
  extensions: Extensions.optional(),
}).openapi("PatientFields");
export type PatientFields = z.infer<typeof PatientFields>;

/** Every field of an object may be left out (unchanged) or null (removed); unknown ones are refused. */
function patchOf<S extends z.ZodRawShape>(o: z.ZodObject<S>) {
  const shape = Object.fromEntries(Object.entries(o.shape).map(([k, s]) => [k, (s as z.ZodType).nullable().optional()]));
  return closed(shape as unknown as { [K in keyof S]: z.ZodOptional<z.ZodNullable<S[K]>> });
}

/**
 * JSON Merge Patch (RFC 7396) over the known fields: objects (name, contact, address,
 * insurance, extensions) merge key by key, `null` removes, arrays and scalars replace.
 * Only the patch's shape is checked here; the merged record is validated again in full
 * (required name parts, extension limits). A null extension value therefore removes the key.
 */
export const PatientPatch = closed({
  name: patchOf(Name).optional(),
  birthDate: BirthDate.nullable().optional(),
  sex: Sex.nullable().optional(),
  contact: patchOf(Contact).nullable().optional(),
  address: patchOf(Address).nullable().optional(),
  conditions: list.nullable().optional(),
  allergies: list.nullable().optional(),
  insurance: patchOf(Insurance).nullable().optional(),
  extensions: z
    .record(ExtensionKey, ExtensionValue)
    .refine((m) => Object.keys(m).length <= 2 * EXTENSION_MAX_KEYS, `At most ${2 * EXTENSION_MAX_KEYS} keys in a patch`)
    .refine((m) => bytes(m) <= 2 * EXTENSION_MAX_BYTES, `At most ${2 * EXTENSION_MAX_BYTES} bytes in a patch`)
    .nullable()
    .optional(),
}).openapi("PatientPatch");
export type PatientPatch = z.infer<typeof PatientPatch>;

/** What a patient may change on their own record. */
export const SELF_EDITABLE = ["contact", "address", "insurance"] as const;

export const Patient = z
  .object({
    ...PatientFields.shape,
    id: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    deletedAt: z.string().nullable(),
  })
  .openapi("Patient");
export type Patient = z.infer<typeof Patient>;

export const ListInput = z
  .object({
    q: z.string().trim().min(1).max(100).optional().openapi({ description: "Name prefix: family or given name, case- and accent-insensitive" }),
    email: Email.optional().openapi({ description: "Exact contact email" }),
    cursor: Cursor.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    includeDeleted: z.enum(["true", "false"]).optional().openapi({ description: "Admins only; ignored for other roles" }),
  })
  .refine((i) => !(i.q && i.email), { message: "Search by q or by email, not both", path: ["email"] });
export type ListInput = z.infer<typeof ListInput>;
