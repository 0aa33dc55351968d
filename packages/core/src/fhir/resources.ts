import type { Patient } from "../patient/schema";
import type { Doctor } from "../doctor";
import { IDENTIFIER_SYSTEM, toFhirId } from "./ids";

/**
 * The mappings (docs/fhir.md, "Mapping"): Carebeat records → R4 resources, computed on each
 * request from the domain's own record; nothing is stored twice. Fields with no element here
 * (conditions, allergies, insurance, extensions) belong to resources this slice does not serve
 * (Condition, AllergyIntolerance, Coverage) and are left out rather than squeezed in.
 */
export function toFhirPatient(p: Patient) {
  const telecom = [...(p.contact?.email ? [{ system: "email", value: p.contact.email }] : []), ...(p.contact?.phone ? [{ system: "phone", value: p.contact.phone }] : [])];
  const a = p.address;
  const line = a ? [a.line1, a.line2].filter((l): l is string => Boolean(l)) : [];
  const address = a && Object.keys(a).length ? [{ ...(line.length ? { line } : {}), city: a.city, state: a.region, postalCode: a.postalCode, country: a.country }] : [];
  return {
    resourceType: "Patient" as const,
    id: toFhirId(p.id),
    meta: { versionId: String(p.version), lastUpdated: p.updatedAt },
    identifier: [{ use: "official", system: IDENTIFIER_SYSTEM.patient, value: p.id }],
    active: !p.deletedAt,
    name: [{ use: "official", text: `${p.name.given} ${p.name.family}`, family: p.name.family, given: p.name.given.split(/\s+/) }],
    ...(telecom.length ? { telecom } : {}),
    ...(p.sex ? { gender: p.sex } : {}),
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
    ...(address.length ? { address: address.map(dropUndefined) } : {}),
  };
}

/** A doctor as a Practitioner: the name as one text (Carebeat does not split it), active flag. */
export function toFhirPractitioner(d: Doctor.Info) {
  return {
    resourceType: "Practitioner" as const,
    id: toFhirId(d.id),
    meta: { lastUpdated: d.updatedAt },
    identifier: [{ use: "official", system: IDENTIFIER_SYSTEM.doctor, value: d.id }],
    active: d.active,
    name: [{ text: d.name }],
  };
}

function dropUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export interface Resource {
  resourceType: string;
  id?: string;
}

/** A `searchset` Bundle: the page's resources, the total when it is known, self and next links. */
export function searchset(opts: { base: string; resources: Resource[]; total?: number; self: string; next?: string }) {
  return {
    resourceType: "Bundle" as const,
    type: "searchset" as const,
    ...(opts.total !== undefined ? { total: opts.total } : {}),
    link: [{ relation: "self", url: opts.self }, ...(opts.next ? [{ relation: "next", url: opts.next }] : [])],
    // FHIR JSON has no empty arrays: an empty page has no `entry` at all.
    ...(opts.resources.length
      ? { entry: opts.resources.map((resource) => ({ fullUrl: `${opts.base}/${resource.resourceType}/${resource.id}`, resource, search: { mode: "match" } })) }
      : {}),
  };
}
