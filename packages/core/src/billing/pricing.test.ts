import { test } from "node:test";
import assert from "node:assert/strict";
import { priceVisit, taxOf } from "./pricing";
import { billingConfig } from "../invoice/config";
import { formatMoney } from "../invoice/money";

const visit = { appointmentId: "apt_x", feeCents: 8000, currency: "EUR", doctorName: "Dr Who", specialty: "General practice", minutes: 30 };

test("an outpatient consultation is VAT-exempt by default: total = fee", () => {
  const p = priceVisit(visit, billingConfig({}));
  assert.equal(p.lines.length, 1);
  assert.equal(p.lines[0]!.taxRateBps, 0);
  assert.match(p.lines[0]!.taxNote!, /Exempt/);
  assert.deepEqual([p.subtotalCents, p.taxCents, p.totalCents], [8000, 0, 8000]);
  assert.match(p.lines[0]!.description, /Dr Who/);
});

test("a configured rate taxes per line, rounding half up in integer cents", () => {
  const p = priceVisit({ ...visit, feeCents: 8005 }, billingConfig({ CAREBEAT_CONSULTATION_TAX_BPS: "1900" }));
  // 8005 × 19 % = 1520.95 → 1521
  assert.deepEqual([p.subtotalCents, p.taxCents, p.totalCents], [8005, 1521, 9526]);
  assert.equal(taxOf(50, 1000), 5);
  assert.equal(taxOf(5, 1000), 1); // 0.5 → 1
  assert.equal(taxOf(4, 1000), 0);
});

test("bad configuration and fees are refused, money prints without locale", () => {
  assert.throws(() => billingConfig({ CAREBEAT_CONSULTATION_TAX_BPS: "12.5" }));
  assert.throws(() => priceVisit({ ...visit, feeCents: -1 }));
  assert.equal(formatMoney(8000, "EUR"), "80.00 EUR");
  assert.equal(formatMoney(5, "USD"), "0.05 USD");
});
