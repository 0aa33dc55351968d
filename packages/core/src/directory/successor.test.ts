import { test } from "node:test";
import assert from "node:assert/strict";
import { successor } from "./index";

/** Code point order, which is what the "C" collation's UTF-8 byte order is. */
const cmp = (a: string, b: string) => {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
};

test("successor: the least string above every string with the prefix", () => {
  assert.equal(successor("smi"), "smj");
  assert.equal(successor("a z"), "a {");
  assert.equal(successor("zo\u00eb"), "zo\u00ec");
  assert.equal(successor("x\ud7ff"), "x\ue000", "skips the surrogate block");
  assert.equal(successor("a\u{10ffff}"), "b", "carries past U+10FFFF");
  assert.equal(successor("\u{10ffff}\u{10ffff}"), undefined, "no upper end");
  assert.equal(successor("\u{1f600}"), "\u{1f601}", "astral code points are one step");
  assert.equal(successor(""), undefined);
});

test("successor: every string with the prefix is inside [prefix, successor), neighbours outside", () => {
  const prefixes = ["smi", "zo", "a\u{10ffff}", "é", "x\ud7ff", "\u{1f600}"];
  const tails = ["", " ", "#pat_1", "\u0000", "\u007f", "\u00ff", "\uffff", "\u{10ffff}", "\u{1f600}z"];
  for (const p of prefixes) {
    const end = successor(p)!;
    for (const tail of tails) {
      const s = p + tail;
      assert.ok(cmp(s, p) >= 0 && cmp(s, end) < 0, `${JSON.stringify(s)} in range of ${JSON.stringify(p)}`);
    }
    assert.ok(!end.startsWith(p), "the successor itself has not the prefix");
  }
});
