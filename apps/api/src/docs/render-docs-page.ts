import { isEventType } from '@hindsight/contracts';
import type { OpenApiDocument, OpenApiOperation } from './openapi-document';
import type { SchemaObject } from './operations';

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The little Markdown the document's descriptions use: paragraphs, **bold** and `code`. */
function markdown(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>').replace(/`([^`]+)`/g, '<code>$1</code>')}</p>`)
    .join('\n');
}

const anchor = (kind: string, name: string) => `${kind}-${name.replace(/[^A-Za-z0-9._-]/g, '-')}`;

/** Pretty JSON, escaped, with component references turned into links. */
function json(value: unknown): string {
  return `<pre>${escapeHtml(JSON.stringify(value, null, 2)).replace(
    /&quot;#\/components\/(schemas|responses)\/([^&]+)&quot;/g,
    (_m, kind: string, name: string) => `&quot;<a href="#${anchor(kind, name)}">#/components/${kind}/${name}</a>&quot;`,
  )}</pre>`;
}

function refName(schema: SchemaObject | undefined): string | undefined {
  const reference = schema?.$ref;
  return typeof reference === 'string' ? reference.split('/').pop() : undefined;
}

/** A schema shown as a link to its component, or inline in a collapsed block. */
function schemaBlock(schema: SchemaObject | undefined): string {
  if (!schema) return '<em>no body</em>';
  const name = refName(schema);
  if (name) return `<a href="#${anchor('schemas', name)}">${escapeHtml(name)}</a>`;
  return `<details><summary>schema</summary>${json(schema)}</details>`;
}

function operationSection(document: OpenApiDocument, method: string, path: string, op: OpenApiOperation): string {
  const responses = Object.entries(op.responses)
    .map(([status, raw]) => {
      const name = refName(raw);
      const resolved = (name ? (document.components.responses as Record<string, SchemaObject>)[name] : raw) as SchemaObject;
      const content = (resolved.content ?? {}) as Record<string, { schema?: SchemaObject }>;
      const bodies = Object.entries(content).map(([ct, c]) => `${escapeHtml(ct)}: ${schemaBlock(c.schema)}`);
      const headers = Object.keys((resolved.headers ?? {}) as Record<string, unknown>);
      return `<tr><td class="status s${status[0]}">${escapeHtml(status)}</td><td>${markdown(String(resolved.description ?? ''))}</td><td>${headers.map((h) => `<code>${escapeHtml(h)}</code>`).join(', ')}</td><td>${bodies.join('<br>') || '<em>no body</em>'}</td></tr>`;
    })
    .join('\n');
  const parameters = op.parameters
    .map((p) => {
      const name = refName(p);
      const resolved = (name ? (document.components.parameters as Record<string, SchemaObject>)[name] : p) as SchemaObject;
      return `<li><code>${escapeHtml(String(resolved.name))}</code> (${escapeHtml(String(resolved.in))}${resolved.required ? ', required' : ''}): ${markdown(String(resolved.description ?? ''))}</li>`;
    })
    .join('\n');
  const body = op.requestBody as { description?: string; content: Record<string, { schema: SchemaObject }> } | undefined;
  const request = body
    ? `<h4>Request body</h4>${markdown(body.description ?? '')}<ul>${Object.entries(body.content)
        .map(([ct, c]) => `<li>${escapeHtml(ct)}: ${schemaBlock(c.schema)}</li>`)
        .join('')}</ul>`
    : '';
  return `<section class="operation" id="${anchor('op', op.operationId)}">
<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p class="summary">${escapeHtml(op.summary)}</p>
${markdown(op.description)}
<p><strong>Scopes:</strong> ${op['x-scopes'].length > 0 ? op['x-scopes'].map((s) => `<code>${escapeHtml(s)}</code>`).join(' or ') : 'none (public)'}</p>
${parameters ? `<h4>Parameters</h4><ul>${parameters}</ul>` : ''}
${request}
<h4>Responses</h4>
<table><thead><tr><th>status</th><th>meaning</th><th>headers</th><th>body</th></tr></thead><tbody>
${responses}
</tbody></table>
</section>`;
}

function schemaSection(name: string, schema: SchemaObject): string {
  const { example, description, title, ...rest } = schema;
  return `<section class="schema" id="${anchor('schemas', name)}">
<h3><code>${escapeHtml(name)}</code></h3>
${title ? `<p class="summary">${escapeHtml(String(title))}</p>` : ''}
${description ? markdown(String(description)) : ''}
<details${isEventType(name) ? ' open' : ''}><summary>JSON Schema</summary>${json(rest)}</details>
${example !== undefined ? `<h4>Example</h4>${json(example)}` : ''}
</section>`;
}

/**
 * The `/docs` page: a self-contained HTML rendering of the OpenAPI document
 * (inline CSS, no scripts, nothing fetched). Every operation with its method,
 * path, scopes, request schema and responses; every event type with its JSON
 * Schema and example; the other schemas.
 */
export function renderDocsPage(document: OpenApiDocument): string {
  const operations = Object.entries(document.paths).flatMap(([path, byMethod]) => Object.entries(byMethod).map(([method, op]) => ({ path, method, op })));
  const schemas = document.components.schemas;
  const eventNames = Object.keys(schemas).filter(isEventType);
  const otherNames = Object.keys(schemas).filter((n) => !isEventType(n));
  const responses = document.components.responses as Record<string, SchemaObject>;
  const index = operations
    .map(({ path, method, op }) => `<tr><td><span class="method ${method}">${method.toUpperCase()}</span></td><td><a href="#${anchor('op', op.operationId)}"><code>${escapeHtml(path)}</code></a></td><td>${op['x-scopes'].map(escapeHtml).join(', ') || '—'}</td><td>${escapeHtml(op.summary)}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)}</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin:0 auto;padding:1rem 2rem;color:#1b1f24}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #d0d7de;padding-bottom:.2rem;margin-top:2.5rem}
section{border-top:1px solid #d0d7de;padding:.5rem 0 1rem}
code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace}pre{background:#f6f8fa;padding:.75rem;overflow:auto;border-radius:6px}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}td p{margin:0}
.method{display:inline-block;min-width:3.5rem;text-align:center;border-radius:4px;color:#fff;font-weight:600;font-size:12px;padding:1px 4px}
.get{background:#0969da}.post{background:#1a7f37}.put,.patch{background:#9a6700}.delete{background:#cf222e}
.status{font-weight:600}.s2{color:#1a7f37}.s4{color:#9a6700}.s5{color:#cf222e}.summary{font-weight:600}
summary{cursor:pointer;color:#0969da}nav a{margin-right:1rem}
</style></head><body>
<h1>${escapeHtml(document.info.title)}</h1>
<p>OpenAPI ${escapeHtml(document.openapi)} · version ${escapeHtml(document.info.version)} · the machine-readable document is at <a href="/docs/openapi.json"><code>/docs/openapi.json</code></a></p>
<nav><a href="#operations">Operations</a><a href="#errors">Errors</a><a href="#events">Events</a><a href="#schemas">Other schemas</a></nav>
${markdown(document.info.description)}
<h2 id="operations">Operations</h2>
<table><thead><tr><th>method</th><th>path</th><th>scopes</th><th>summary</th></tr></thead><tbody>
${index}
</tbody></table>
${operations.map(({ path, method, op }) => operationSection(document, method, path, op)).join('\n')}
<h2 id="errors">Errors</h2>
<p>Every error answers the body <a href="#${anchor('schemas', 'ErrorBody')}"><code>ErrorBody</code></a>: <code>{ error, message, issues: [{ path, rule }] }</code>.</p>
<table><thead><tr><th>status</th><th>meaning</th><th>headers</th></tr></thead><tbody>
${Object.entries(responses)
  .map(([name, r]) => `<tr id="${anchor('responses', name)}"><td class="status s${name.replace('Error', '')[0]}">${escapeHtml(name.replace('Error', ''))}</td><td>${markdown(String(r.description))}</td><td>${Object.keys((r.headers ?? {}) as object).map((h) => `<code>${escapeHtml(h)}</code>`).join(', ')}</td></tr>`)
  .join('\n')}
</tbody></table>
<h2 id="events">Events</h2>
<p>${eventNames.length} event types. Send any of them to <code>POST /v1/events</code>; each schema is the client input at the latest version (the server sets <code>id</code> and <code>recordedAt</code>; <code>tenant</code> comes from the key).</p>
<ul>${eventNames.map((n) => `<li><a href="#${anchor('schemas', n)}"><code>${escapeHtml(n)}</code></a></li>`).join('')}</ul>
${eventNames.map((n) => schemaSection(n, schemas[n])).join('\n')}
<h2 id="schemas">Other schemas</h2>
${otherNames.map((n) => schemaSection(n, schemas[n])).join('\n')}
</body></html>
`;
}
