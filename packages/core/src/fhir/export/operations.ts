/**
 * The Bulk Data operations the CapabilityStatement lists (rest.operation): system, Patient and
 * Group `$export`, by their canonical OperationDefinitions (Bulk Data IG 2.0). Plain data, no
 * imports, so capability.ts can take it without loading the export module.
 */
export const EXPORT_OPERATIONS = [
  { name: "export", definition: "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export" },
  { name: "patient-export", definition: "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export" },
  { name: "group-export", definition: "http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export" },
];
