import { test } from "node:test";
import assert from "node:assert/strict";
import aslValidator from "asl-validator";
import { VisibleError } from "../../util/error";
import { exportDefinition, localExportTaskArns, MAP_CONCURRENCY } from "./workflow";
import { parseKickoff, prefersAsync } from "./kickoff";
import { manifest, progressText } from "./poll";
import { EXPORT_TYPES, typesFor } from "./registry";
import type { Job } from "./jobs";

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof VisibleError && err.kind === "input", String(err));
    return err.issues.map((i) => i.field);
  }
  assert.fail("no error");
};

test("the $export definition is valid ASL: a Map over $.types into ExportType, then Finish; errors caught into Fail", () => {
  const def = exportDefinition(localExportTaskArns("test"));
  const { isValid, errorsText } = aslValidator(def as any);
  assert.ok(isValid, errorsText());
  const map = def.States.ExportTypes;
  assert.equal(map.ItemsPath, "$.types");
  assert.equal(map.MaxConcurrency, MAP_CONCURRENCY);
  assert.deepEqual(map.Catch[0]!.ErrorEquals, ["States.ALL"]);
  assert.equal(map.Catch[0]!.Next, "Fail");
  assert.equal(def.States.Finish.Catch[0]!.Next, "Fail");
  assert.match(def.States.Finish.Resource, /FhirExportFinish$/);
  assert.equal(def.States.Fail.Resource, def.States.Finish.Resource, "one function ends the job either way");
});

const ALL = ["Patient", "Practitioner", "Appointment", "Medication", "MedicationRequest", "MedicationDispense"];

test("the registry: every exported type; the compartment types at Patient and Group level (no Practitioner, no Medication catalogue)", () => {
  assert.deepEqual(
    EXPORT_TYPES.map((t) => t.type),
    ALL,
  );
  assert.deepEqual(typesFor("system"), ALL);
  assert.deepEqual(typesFor("group"), ["Patient", "Appointment", "MedicationRequest", "MedicationDispense"]);
  assert.deepEqual(typesFor("patient"), ["Patient", "Appointment", "MedicationRequest", "MedicationDispense"]);
});

test("kick-off parameters: _type narrows in registry order, _since is an instant, _outputFormat one of three; the rest 400 naming the parameter", () => {
  assert.deepEqual(parseKickoff({}, "system", false), { types: ALL, since: undefined });
  assert.deepEqual(parseKickoff({ _type: ["Appointment,Patient"] }, "system", false).types, ["Patient", "Appointment"]);
  assert.deepEqual(parseKickoff({ _type: ["Appointment", "Practitioner"] }, "system", false).types, ["Practitioner", "Appointment"]);
  assert.equal(parseKickoff({ _since: ["2026-01-31T10:00:00+01:00"] }, "system", false).since?.toISOString(), "2026-01-31T09:00:00.000Z");
  for (const f of ["application/fhir+ndjson", "application/ndjson", "ndjson"]) parseKickoff({ _outputFormat: [f] }, "system", false);
  assert.deepEqual(
    fieldOf(() => parseKickoff({ _outputFormat: ["application/json"] }, "system", false)),
    ["query._outputFormat"],
  );
  assert.deepEqual(
    fieldOf(() => parseKickoff({ _type: ["Patient,,Appointment"] }, "system", false)),
    ["query._type"],
  );
  assert.deepEqual(
    fieldOf(() => parseKickoff({ _type: ["Practitioner"] }, "group", false)),
    ["query._type"],
  );
  assert.deepEqual(
    fieldOf(() => parseKickoff({ _since: ["2026-01-31"] }, "system", false)),
    ["query._since"],
  );
  assert.deepEqual(
    fieldOf(() => parseKickoff({ _since: ["2026-02-30T00:00:00Z"] }, "system", false)),
    ["query._since"],
  );
  assert.deepEqual(
    fieldOf(() => parseKickoff({ _since: ["2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"] }, "system", false)),
    ["query._since"],
  );
  assert.deepEqual(
    fieldOf(() => parseKickoff({ _elements: ["id"] }, "system", false)),
    ["query._elements"],
  );
  assert.deepEqual(parseKickoff({ _elements: ["id"] }, "system", true).types, ALL, "lenient: ignored");
  assert.ok(prefersAsync("respond-async") && prefersAsync("handling=lenient, respond-async") && !prefersAsync("respond-sync") && !prefersAsync(undefined));
});

test("X-Progress and the manifest: files as URLs under the base, requiresAccessToken, the error files", () => {
  const job = {
    id: "bex_1",
    types: ["Patient", "Appointment"],
    progress: { Patient: { written: 12, done: true }, Appointment: { written: 3, done: false } },
    transactionTime: new Date("2026-12-07T10:00:00Z"),
    request: "https://c.example/fhir/R4/$export",
    output: [{ type: "Patient", key: "bulk/bex_1/Patient-1.ndjson", count: 12 }],
    errorFiles: [],
  } as unknown as Job;
  assert.equal(progressText(job), "1/2 types done; Patient 12, Appointment 3");
  assert.deepEqual(manifest(job, "https://c.example/fhir/R4"), {
    transactionTime: "2026-12-07T10:00:00.000Z",
    request: "https://c.example/fhir/R4/$export",
    requiresAccessToken: true,
    output: [{ type: "Patient", url: "https://c.example/fhir/R4/bulkfiles/bex_1/Patient-1.ndjson", count: 12 }],
    error: [],
  });
});
