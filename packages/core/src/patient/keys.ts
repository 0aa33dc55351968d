/**
 * Case-, accent- and spacing-insensitive form used for name search keys. `#` is removed
 * because it separates the name from the id inside a key.
 */
export function normalizeName(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/#/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The list's family-first sort key (`patient_directory.name_key`, docs/patients.md): "family given#id",
 * so a prefix finds a family name (then narrows on given).
 */
export function nameKey(name: { given: string; family: string }, id: string): string {
  return `${normalizeName(name.family)} ${normalizeName(name.given)}#${id}`;
}

/** The list's given-first sort key (`patient_directory.given_key`): "given family#id", so a prefix finds a given name too. */
export function givenKey(name: { given: string; family: string }, id: string): string {
  return `${normalizeName(name.given)} ${normalizeName(name.family)}#${id}`;
}

/** True when the record's family-first or given-first key starts with the (normalized) prefix. */
export function matchesPrefix(name: { given: string; family: string }, id: string, prefix: string): boolean {
  return nameKey(name, id).startsWith(prefix) || givenKey(name, id).startsWith(prefix);
}

/**
 * Split a registration's full name: the last word is the family name, the rest the given
 * name(s). A single word is used for both (both are required); staff can correct it.
 */
export function splitName(full: string): { given: string; family: string } {
  const parts = full.trim().split(/\s+/);
  if (parts.length === 1) return { given: parts[0]!, family: parts[0]! };
  return { given: parts.slice(0, -1).join(" "), family: parts[parts.length - 1]! };
}
