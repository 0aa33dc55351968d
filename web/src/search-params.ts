/**
 * One search parameter as a string: the router reads `?a=1&a=2` as an array and a missing one as
 * undefined; both read as "" here, so a page compares and shows plain strings.
 */
export const param = (v: string | string[] | undefined) => (typeof v === "string" ? v : "");
