import { Patient } from "../patient";
import { VisibleError, issuesFromZod, type FieldIssue } from "../util/error";
import { z } from "../util/zod";
import { toFhirPatient } from "./resources";

/**
 * FHIR Patient `create` (docs/fhir.md, "Writes"): the R4 elements Carebeat stores are mapped
 * back onto the patients domain's create — the same validation, the same audit row — and any
 * element it cannot store is a 400 naming it, never dropped silently: a client must not believe
 * Carebeat keeps what it does not.
 */
const text = z.string().max(200);
const HumanName = z
  .object({
    use: z.enum(["usual", "official", "temp", "nickname", "anonymous", "old", "maiden"]).optional(),
    text: text.optional(),
    family: text,
    given: z.array(text).min(1, "At least one given name").max(5),
  })
  .strict();
const ContactPoint = z
  .object({
    system: z.enum(["email", "phone"], { message: "Only email and phone are stored" }),
    value: text,
    use: z.enum(["home", "work", "mobile", "temp"]).optional(),
  })
  .strict();
const Address = z
  .object({
    use: z.enum(["home", "work", "temp", "billing"]).optional(),
    line: z.array(text).max(2, "At most two lines").optional(),
    city: text.optional(),
    state: text.optional(),
    postalCode: text.optional(),
    country: text.optional(),
  })
  .strict();

/** Elements a server may ignore on create: the server assigns id and meta, and the narrative is derived. */
const IGNORED = { id: z.string().max(64).optional(), meta: z.record(z.string(), z.unknown()).optional(), text: z.record(z.string(), z.unknown()).optional() };

export const FhirPatientInput = z
  .object({
    resourceType: z.literal("Patient"),
    ...IGNORED,
    active: z.literal(true, { message: "A new record is active" }).optional(),
    name: z.array(HumanName).length(1, "Exactly one name (Carebeat stores one given and one family name)"),
    telecom: z
      .array(ContactPoint)
      .max(2)
      .refine((t) => new Set(t.map((c) => c.system)).size === t.length, "At most one email and one phone")
      .optional(),
    gender: z.enum(["male", "female", "other", "unknown"]).optional(),
    birthDate: z.string().max(10).optional(),
    address: z.array(Address).max(1, "At most one address").optional(),
  })
  .strict();

/** Domain field → the R4 element it came from, so a domain refusal names what the client sent. */
const ELEMENT: Record<string, string> = {
  "name.given": "body.name.0.given",
  "name.family": "body.name.0.family",
  name: "body.name",
  birthDate: "body.birthDate",
  sex: "body.gender",
  "contact.email": "body.telecom",
  "contact.phone": "body.telecom",
  contact: "body.telecom",
  "address.line1": "body.address.0.line",
  "address.line2": "body.address.0.line",
  "address.city": "body.address.0.city",
  "address.region": "body.address.0.state",
  "address.postalCode": "body.address.0.postalCode",
  "address.country": "body.address.0.country",
  address: "body.address",
};

const invalid = (issues: FieldIssue[]) => new VisibleError("input", "validation", "The request is invalid.", issues);

export function fromFhirPatient(body: unknown): z.input<typeof Patient.CreateInput> {
  const parsed = FhirPatientInput.safeParse(body);
  if (!parsed.success) throw invalid(issuesFromZod(parsed.error.issues).map((i) => ({ ...i, field: i.field === "(body)" ? "body" : `body.${i.field}` })));
  const p = parsed.data;
  const name = p.name[0]!;
  const email = p.telecom?.find((t) => t.system === "email")?.value;
  const phone = p.telecom?.find((t) => t.system === "phone")?.value;
  const a = p.address?.[0];
  const address = a
    ? Object.fromEntries(
        Object.entries({ line1: a.line?.[0], line2: a.line?.[1], city: a.city, region: a.state, postalCode: a.postalCode, country: a.country }).filter(([, v]) => v !== undefined),
      )
    : undefined;
  return {
    name: { given: name.given.join(" "), family: name.family },
    ...(p.birthDate !== undefined ? { birthDate: p.birthDate } : {}),
    ...(p.gender ? { sex: p.gender } : {}),
    ...(email || phone ? { contact: { ...(email ? { email } : {}), ...(phone ? { phone } : {}) } } : {}),
    ...(address && Object.keys(address).length ? { address } : {}),
  };
}

/** Create through `Patient.create` (its validation and `patient.create` audit row); answers the stored record as R4. */
export async function createPatient(body: unknown) {
  const fields = fromFhirPatient(body);
  try {
    return toFhirPatient(await Patient.create(fields));
  } catch (err) {
    if (!(err instanceof VisibleError) || err.kind !== "input") throw err;
    throw new VisibleError(
      err.kind,
      err.code,
      err.message,
      err.issues.map((i) => ({ ...i, field: ELEMENT[i.field] ?? ELEMENT[i.field.split(".")[0]!] ?? `body.${i.field}` })),
      err.headers,
    );
  }
}
