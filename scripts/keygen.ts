// The value of the JwtSigningKey secret (docs/auth.md, "Key rotation"). Prints to stdout only
// the new value; what it did goes to stderr, by kid (never key material).
//
//   npm run -s keygen                      a fresh key set:   {"keys":[new]}
//   npm run -s keygen -- --rotate  < old   a new signing key, the old one kept for verification
//   npm run -s keygen -- --drop-previous < current   only the current key (after 15 minutes or more)
//
// The old value on stdin is either the secret itself (a JWK Set or the single JWK written by
// earlier versions) or the output of `sst secret list`, from which the JwtSigningKey line is taken.
import { readFileSync } from "node:fs";
import { generateKeySet, rotateKeySet, dropPreviousKeys, parseKeySet, secretFromInput } from "@carebeat/core/auth/keyset";

const describe = async (value: string) => {
  const set = await parseKeySet(value);
  return `signs with ${set.current.kid}${set.previous.length ? `; still accepts ${set.previous.map((k) => k.kid).join(", ")}` : ""}`;
};

const mode = process.argv.slice(2).find((a) => a.startsWith("--"));
let out: string;
if (mode === "--rotate" || mode === "--drop-previous") {
  const old = secretFromInput(readFileSync(0, "utf8"));
  console.error(`before: ${await describe(old)}`);
  out = mode === "--rotate" ? await rotateKeySet(old) : await dropPreviousKeys(old);
} else if (mode === undefined) {
  out = await generateKeySet();
} else {
  console.error(`unknown option ${mode}; use --rotate or --drop-previous (stdin: the current value)`);
  process.exit(2);
}
console.error(`after:  ${await describe(out)}`);
console.log(out);
