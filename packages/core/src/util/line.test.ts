import { test } from "node:test";
import assert from "node:assert/strict";
import { isSingleLine, singleLine } from "./line";

test("single-line fields refuse line breaks, control characters and bidi overrides (issue 18)", () => {
  for (const bad of [
    "Ana\r\nBcc: x@evil.example",
    "Ana\nLee",
    "Ana\tLee",
    "Ana\u0007",
    "Ana\u0085",
    "Ana\u2028Lee",
    "Dr \u202EanA",
    "Dr \u202Dx",
    "Dr \u2066x\u2069",
    "\u001B[31mred",
  ]) {
    assert.equal(isSingleLine(bad), false, JSON.stringify(bad));
    assert.equal(singleLine(100).safeParse(bad).success, false, JSON.stringify(bad));
  }
  for (const good of ["Ana Lee", "José Ñúñez", "O'Brien-Smith", "山田 太郎", "محمد\u200F", "Zoë 🩺"]) {
    assert.equal(singleLine(100).safeParse(good).success, true, good);
  }
  assert.equal(singleLine(100).safeParse("   ").success, false, "empty after trimming");
  assert.equal(singleLine(3).safeParse("abcd").success, false, "max length");
});
