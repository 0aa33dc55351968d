/**
 * A readable API reference rendered on the server from the OpenAPI document: no scripts,
 * no CDN, so it works offline and in a locked-down clinic network alike.
 */
const esc = (s: unknown) => String(s ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function schemaName(schema: any): string {
  if (!schema) return "";
  if (schema.$ref) return schema.$ref.split("/").pop();
  if (schema.type === "array") return `${schemaName(schema.items)}[]`;
  if (schema.type === "object" && schema.properties) return `{ ${Object.keys(schema.properties).join(", ")} }`;
  return schema.type ?? "any";
}

function fields(schema: any, components: Record<string, any>): string {
  const s = schema?.$ref ? components[schema.$ref.split("/").pop()] : schema;
  if (!s?.properties) return "";
  const required = new Set<string>(s.required ?? []);
  const rows = Object.entries<any>(s.properties)
    .map(
      ([name, p]) =>
        `<tr><td><code>${esc(name)}</code>${required.has(name) ? " *" : ""}</td><td>${esc(p.enum ? p.enum.join(" | ") : schemaName(p))}${p.format ? ` (${esc(p.format)})` : ""}</td></tr>`,
    )
    .join("");
  return `<table class="fields"><tr><th>field</th><th>type</th></tr>${rows}</table>`;
}

export function renderReference(doc: any): string {
  const components = doc.components?.schemas ?? {};
  const byTag = new Map<string, string[]>();
  for (const [path, ops] of Object.entries<any>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<any>(ops)) {
      const tag = op.tags?.[0] ?? "other";
      const params = (op.parameters ?? []).map((p: any) => `<code>${esc(p.in)}:${esc(p.name)}</code>`).join(" ");
      const body = op.requestBody?.content?.["application/json"]?.schema;
      const responses = Object.entries<any>(op.responses ?? {})
        .map(([code, r]) => `<li><b>${esc(code)}</b> ${esc(r.description)}</li>`)
        .join("");
      const html = `<section class="op"><h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
        <p>${esc(op.summary)}</p><p class="roles">roles: ${(op["x-roles"] ?? []).map((r: string) => `<span>${esc(r)}</span>`).join(" ")}</p>
        ${params ? `<p>parameters: ${params}</p>` : ""}${body ? `<details><summary>request body</summary>${fields(body, components)}</details>` : ""}
        <details><summary>responses</summary><ul>${responses}</ul></details></section>`;
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const nav = [...byTag.keys()].map((t) => `<a href="#${esc(t)}">${esc(t)}</a>`).join("");
  const sections = [...byTag.entries()].map(([t, ops]) => `<h2 id="${esc(t)}">${esc(t)}</h2>${ops.join("")}`).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(doc.info?.title)} reference</title><style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1f2933;background:#f7f9fb}header{background:#0b6e6e;color:#fff;padding:18px 32px}
header a{color:#d9f2f2;margin-right:14px}main{max-width:980px;margin:0 auto;padding:8px 32px 48px}h2{margin-top:32px;text-transform:capitalize;border-bottom:2px solid #d5dde5}
.op{background:#fff;border:1px solid #d5dde5;border-radius:8px;padding:4px 16px;margin:12px 0}.op h3{font-size:15px;margin:10px 0 0}
.m{display:inline-block;min-width:58px;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:2px 6px}.get{background:#2563eb}.post{background:#059669}.patch{background:#d97706}.delete{background:#dc2626}.put{background:#7c3aed}
.roles span{background:#eef2f6;border-radius:10px;padding:1px 8px;font-size:12px}table.fields{border-collapse:collapse;margin:6px 0}.fields td,.fields th{border-bottom:1px solid #eef2f6;padding:2px 12px 2px 0;text-align:left}
</style></head><body><header><h1>${esc(doc.info?.title)} <small>${esc(doc.info?.version)}</small></h1><p>${esc(doc.info?.description)}</p>
<nav>${nav}<a href="/openapi.json">openapi.json</a><a href="/docs/interactive">interactive console</a></nav></header><main>${sections}</main></body></html>`;
}
