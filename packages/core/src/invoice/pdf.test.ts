import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { renderInvoicePdf, visitLabel, type InvoiceDocument } from "./pdf";

export const sampleDocument: InvoiceDocument = {
  clinic: { name: "Carebeat Clinic", address: ["1 Health Street", "Springfield"] },
  number: "2026-000042",
  issueDate: "2026-11-26",
  dueDate: "2026-12-10",
  status: "issued",
  patient: { name: "Ada Lovelace", id: "pat_01" },
  doctor: { name: "Dr Grace Hopper", specialty: "General practice" },
  visit: visitLabel(new Date("2026-11-28T09:00:00Z"), new Date("2026-11-28T09:30:00Z"), "Europe/Berlin"),
  currency: "EUR",
  lines: [
    {
      code: "CONSULT",
      description: "General practice consultation with Dr Grace Hopper (30 min)",
      quantity: 1,
      unitCents: 8000,
      amountCents: 8000,
      taxRateBps: 0,
      taxCents: 0,
      taxNote: "Exempt: medical care",
    },
  ],
  subtotalCents: 8000,
  taxCents: 0,
  totalCents: 8000,
  paidCents: 0,
  paymentInstructions: "Pay at the reception desk.",
};

test("the visit is printed in the doctor's timezone", () => {
  assert.equal(sampleDocument.visit, "2026-11-28 10:00–10:30 (Europe/Berlin)");
});

test("renders a real PDF whose text carries the invoice's facts", async () => {
  const pdf = await renderInvoicePdf(sampleDocument);
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  let text: string;
  try {
    text = execFileSync("pdftotext", ["-layout", "-", "-"], { input: pdf }).toString();
  } catch {
    return; // poppler-utils missing: scripts/install-system-deps.sh installs it
  }
  for (const expected of [
    "Carebeat Clinic",
    "2026-000042",
    "Lovelace",
    "Dr Grace Hopper",
    "10:00",
    "Europe/Berlin",
    "80.00 EUR",
    "General practice consultation",
    "ISSUED",
    "Pay at the reception desk",
    "2026-12-10",
  ])
    assert.ok(text.includes(expected), `${expected} in\n${text}`);
});
