/** A LIKE/ILIKE pattern matching strings that start with `text`: its `\`, `%` and `_` escaped (PostgreSQL's default escape is `\`). */
export function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}
