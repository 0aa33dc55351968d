import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { renderPrescriptionPdf, type PrescriptionDocument } from "./pdf";

const sample: PrescriptionDocument = {
  clinic: { name: "Carebeat Clinic", address: ["1 Health Street", "Springfield"] },
  id: "rx_01kc0000000000000000000000",
  issuedOn: "2026-12-07",
  validUntil: "2027-01-06",
  cancelled: false,
  patient: { name: "Ada Lovelace", birthDate: "1815-12-10" },
  prescriber: { name: "Dr Grace Hopper", specialty: "General practice" },
  medication: "Amoxicillin 500 mg capsule",
  atcCode: "J01CA04",
  dose: "1 capsule three times a day",
  instructions: "Finish the course.",
  quantity: 21,
  repeats: 1,
};

const textOf = (pdf: Buffer) => execFileSync("pdftotext", ["-layout", "-", "-"], { input: pdf }).toString();

test("the PDF's text carries the medication, dose, prescriber and patient (pdftotext)", async () => {
  const pdf = await renderPrescriptionPdf(sample);
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  const text = textOf(pdf);
  for (const expected of [
    "PRESCRIPTION",
    sample.id,
    "Amoxicillin 500 mg capsule",
    "J01CA04",
    "1 capsule three times a day",
    "Dr Grace Hopper",
    "Ada Lovelace",
    "1815-12-10",
    "Finish the course.",
    "21 per fill",
    "2027-01-06",
  ])
    assert.ok(text.includes(expected), `${expected} in:\n${text}`);
  assert.ok(!text.includes("CANCELLED"));
});

test("a cancelled prescription prints as cancelled", async () => {
  const text = textOf(await renderPrescriptionPdf({ ...sample, cancelled: true, patient: { name: "Ada Lovelace", birthDate: null } }));
  assert.match(text, /CANCELLED - do not dispense/);
  assert.match(text, /not recorded/);
});
