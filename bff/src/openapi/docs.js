// The script of /api/docs: fetches /api/openapi.json and renders it. Plain browser JavaScript
// (no build step, no CDN: the page's CSP allows only same-origin scripts and no inline ones).
// Everything taken from the document is escaped before it reaches innerHTML.

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'];
const SCHEMA_REF = '#/components/schemas/';

export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** An id or fragment made of safe characters only. */
export const anchor = (value) => String(value).replace(/[^A-Za-z0-9_-]/g, '_');

/** Escaped text with `code` and **bold**, in paragraphs (the document's small Markdown). */
export function prose(text) {
  if (!text) return '';
  return String(text)
    .split(/\n{2,}/)
    .map((para) => {
      const html = escapeHtml(para)
        .replace(/`([^`]+)`/g, '<code>$1</code>')
        .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
      return `<p>${html}</p>`;
    })
    .join('');
}

const json = (value) => `<details class="json"><summary>JSON</summary><pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre></details>`;

function resolve(doc, value) {
  if (!value || typeof value.$ref !== 'string' || !value.$ref.startsWith('#/')) return value;
  let node = doc;
  for (const part of value.$ref.slice(2).split('/')) node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node ?? value;
}

/** A schema: links to named components, the JSON of anything inline. */
function schemaHtml(schema) {
  if (!schema || typeof schema !== 'object') return '';
  const refs = schema.$ref ? [schema] : Array.isArray(schema.oneOf) && schema.oneOf.every((s) => s?.$ref) ? schema.oneOf : undefined;
  if (refs?.every((s) => String(s.$ref).startsWith(SCHEMA_REF))) {
    return refs
      .map((s) => {
        const name = String(s.$ref).slice(SCHEMA_REF.length);
        return `<a class="schema-link" href="#schema-${anchor(name)}">${escapeHtml(name)}</a>`;
      })
      .join(' <span class="muted">or</span> ');
  }
  return json(schema);
}

function contentHtml(content) {
  const entries = Object.entries(content ?? {});
  if (!entries.length) return '';
  return entries.map(([media, body]) => `<div class="media"><code>${escapeHtml(media)}</code> ${schemaHtml(body?.schema)}</div>`).join('');
}

function parametersHtml(doc, parameters) {
  if (!parameters?.length) return '';
  const rows = parameters
    .map((p) => resolve(doc, p))
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(p.name)}</code>${p.required ? ' <span class="required">required</span>' : ''}</td>` +
        `<td>${escapeHtml(p.in)}</td><td>${prose(p.description)}${schemaHtml(p.schema)}</td></tr>`,
    )
    .join('');
  return `<h4>Parameters</h4><table><thead><tr><th>name</th><th>in</th><th>description</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function responsesHtml(doc, responses) {
  const rows = Object.entries(responses ?? {})
    .map(([status, raw]) => {
      const r = resolve(doc, raw) ?? {};
      const headers = Object.keys(r.headers ?? {});
      const kind = status.startsWith('2') || status.startsWith('1') || status.startsWith('3') ? 'ok' : 'error';
      return (
        `<li><span class="status ${kind}">${escapeHtml(status)}</span> ${prose(r.description)}` +
        (headers.length ? `<div class="muted">headers: ${headers.map((h) => `<code>${escapeHtml(h)}</code>`).join(', ')}</div>` : '') +
        `${contentHtml(r.content)}</li>`
      );
    })
    .join('');
  return `<h4>Responses</h4><ul class="responses">${rows}</ul>`;
}

function operationHtml(doc, path, method, op) {
  const secured = Array.isArray(op.security) && op.security.some((s) => Object.keys(s).length > 0);
  const optional = secured && op.security.some((s) => Object.keys(s).length === 0);
  const lock = secured ? `<span class="lock" title="${optional ? 'optional bearer token' : 'bearer token'}">${optional ? '🔓' : '🔒'}</span>` : '';
  const body = op.requestBody ? resolve(doc, op.requestBody) : undefined;
  const ws = op['x-websocket'];
  return (
    `<details class="op" id="op-${anchor(op.operationId ?? `${method}${path}`)}" data-search="${escapeHtml(`${method} ${path} ${op.summary ?? ''}`.toLowerCase())}">` +
    `<summary><span class="method ${anchor(method)}">${escapeHtml(method.toUpperCase())}</span> <code class="path">${escapeHtml(path)}</code> ` +
    `<span class="summary">${escapeHtml(op.summary ?? '')}</span> ${lock}</summary>` +
    `<div class="op-body">${prose(op.description)}` +
    parametersHtml(doc, op.parameters) +
    (body ? `<h4>Request body${body.required ? ' <span class="required">required</span>' : ''}</h4>${contentHtml(body.content)}` : '') +
    responsesHtml(doc, op.responses) +
    (ws
      ? `<h4>WebSocket messages</h4><div>client → server: ${(ws.clientMessages ?? []).map(schemaHtml).join(', ')}</div>` +
        `<div>server → client: ${(ws.serverMessages ?? []).map(schemaHtml).join(', ')}</div>`
      : '') +
    `</div></details>`
  );
}

/** The whole page body for an OpenAPI 3.1 document, as an HTML string. */
export function renderDocs(doc) {
  const byTag = new Map((doc.tags ?? []).map((t) => [t.name, { description: t.description, ops: [] }]));
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'Other';
      if (!byTag.has(tag)) byTag.set(tag, { description: '', ops: [] });
      byTag.get(tag).ops.push(operationHtml(doc, path, method, op));
    }
  }
  const groups = [...byTag].filter(([, g]) => g.ops.length);
  const info = doc.info ?? {};
  const schemas = Object.entries(doc.components?.schemas ?? {});
  return (
    `<header><h1>${escapeHtml(info.title ?? 'API')}</h1>` +
    `<p class="muted">version ${escapeHtml(info.version ?? '?')} · OpenAPI ${escapeHtml(doc.openapi ?? '?')} · <a href="/api/openapi.json">openapi.json</a></p>` +
    `${info.summary ? `<p>${escapeHtml(info.summary)}</p>` : ''}${prose(info.description)}</header>` +
    `<nav><input id="filter" type="search" placeholder="Filter operations (method, path, summary)" aria-label="Filter operations">` +
    `<ul>${groups.map(([tag, g]) => `<li><a href="#tag-${anchor(tag)}">${escapeHtml(tag)}</a> <span class="muted">${g.ops.length}</span></li>`).join('')}` +
    `<li><a href="#schemas">Schemas</a> <span class="muted">${schemas.length}</span></li></ul></nav>` +
    groups
      .map(([tag, g]) => `<section class="tag" id="tag-${anchor(tag)}"><h2>${escapeHtml(tag)}</h2>${prose(g.description)}${g.ops.join('')}</section>`)
      .join('') +
    `<section id="schemas"><h2>Schemas</h2>` +
    schemas
      .map(([name, schema]) => `<details class="schema" id="schema-${anchor(name)}"><summary>${escapeHtml(name)}</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`)
      .join('') +
    `</section>`
  );
}

function openFromHash() {
  if (!location.hash) return;
  let target;
  try {
    target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  } catch {
    return; // a malformed fragment
  }
  if (!target) return;
  if (target instanceof HTMLDetailsElement) target.open = true;
  target.scrollIntoView();
}

function wireFilter(root) {
  const input = root.querySelector('#filter');
  input?.addEventListener('input', () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const op of root.querySelectorAll('details.op')) {
      const text = op.getAttribute('data-search') ?? '';
      op.hidden = !words.every((w) => text.includes(w));
    }
  });
}

async function main() {
  const root = document.getElementById('docs');
  if (!root) return;
  try {
    const response = await fetch(root.getAttribute('data-spec') ?? '/api/openapi.json', { headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    root.innerHTML = renderDocs(await response.json());
    wireFilter(root);
    openFromHash();
    window.addEventListener('hashchange', openFromHash);
  } catch (err) {
    root.textContent = `Could not load the API description: ${err instanceof Error ? err.message : String(err)}`;
  }
}

if (typeof document !== 'undefined') void main();
