import { test } from "node:test";
import assert from "node:assert/strict";
import { createContext } from "./context";

test("contexts share one storage yet behave as separate ones: nesting, leaving, concurrent chains", async () => {
  const a = createContext<string>("a");
  const b = createContext<number>("b");
  const sameName = createContext<string>("a");
  assert.equal(a.maybe(), undefined);
  assert.throws(() => a.use(), /No a in context/);
  await a.with("outer", async () => {
    await b.with(1, async () => {
      assert.equal(a.use(), "outer", "an inner context keeps the outer one's value");
      await a.with("inner", async () => {
        await new Promise((r) => setTimeout(r, 5));
        assert.equal(a.use(), "inner");
        assert.equal(b.use(), 1);
      });
      assert.equal(a.use(), "outer", "leaving restores the previous value");
      assert.equal(sameName.maybe(), undefined, "a second context with the same name has its own slot");
    });
    assert.equal(b.maybe(), undefined);
  });
  // Two requests in flight at once never see each other's values.
  const seen = await Promise.all(
    ["r1", "r2", "r3"].map((id, i) =>
      a.with(id, async () => {
        await new Promise((r) => setTimeout(r, 10 - 3 * i));
        return b.with(i, async () => `${a.use()}:${b.use()}`);
      }),
    ),
  );
  assert.deepEqual(seen, ["r1:0", "r2:1", "r3:2"]);
  assert.equal(a.maybe(), undefined);
});
