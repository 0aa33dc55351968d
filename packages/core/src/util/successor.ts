/**
 * The least string greater than every string that starts with `prefix`, in code point order
 * (= the "C" collation's UTF-8 byte order): the last code point plus one (skipping surrogates);
 * a last code point already at U+10FFFF carries into the one before. Undefined when there is
 * none (then the range has no upper end).
 */
export function successor(prefix: string): string | undefined {
  const points = [...prefix].map((c) => c.codePointAt(0)!);
  while (points.length) {
    let last = points.pop()! + 1;
    if (last === 0xd800) last = 0xe000;
    if (last <= 0x10ffff) return String.fromCodePoint(...points, last);
  }
  return undefined;
}
