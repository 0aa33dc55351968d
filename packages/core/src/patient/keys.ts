/** Case- and accent-insensitive form used for name search keys. */
export function normalizeName(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** All patients share one index partition, sorted by "family given#id". */
export const LIST_KEY = "patient";

export function nameKey(name: { given: string; family: string }, id: string): string {
  return `${normalizeName(name.family)} ${normalizeName(name.given)}#${id}`;
}

/** Split a registration's full name: the last word is the family name. */
export function splitName(full: string): { given: string; family: string } {
  const parts = full.trim().split(/\s+/);
  if (parts.length === 1) return { given: parts[0]!, family: parts[0]! };
  return { given: parts.slice(0, -1).join(" "), family: parts[parts.length - 1]! };
}
