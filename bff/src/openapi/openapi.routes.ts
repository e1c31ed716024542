import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Router, type Request, type Response } from 'express';
import { buildOpenApiDocument } from './document.ts';

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

function asset(text: string, type: string): Asset {
  const body = Buffer.from(text, 'utf8');
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
}

const file = (name: string) => readFileSync(new URL(`./${name}`, import.meta.url), 'utf8');

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Stricter than the BFF's default CSP: the page needs only its own script, style and JSON. */
const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

function docsPage(title: string): string {
  const t = escapeHtml(title);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t}</title>
<link rel="stylesheet" href="/api/docs/docs.css">
<script type="module" src="/api/docs/docs.js"></script>
</head>
<body>
<main id="docs" data-spec="/api/openapi.json">
<h1>${t}</h1>
<p>Loading the API description… The raw document is at <a href="/api/openapi.json">/api/openapi.json</a>.</p>
<noscript><p>This page needs JavaScript to render the document; <a href="/api/openapi.json">read the JSON</a> instead.</p></noscript>
</main>
</body>
</html>
`;
}

/** `If-None-Match: "a", W/"b"` (or `*`) names this ETag. */
function notModified(req: Request, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  return header.split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value.replace(/^W\//, '') === etag;
  });
}

/**
 * Revalidated on every use (`no-cache`), answered with 304 while the ETag matches. Not
 * `req.fresh`: it ignores If-None-Match when the request says `Cache-Control: no-cache`, which
 * fetch() adds to every conditional request, and a conditional request is the revalidation.
 */
function send(req: Request, res: Response, content: Asset): void {
  res.setHeader('Content-Type', content.type);
  res.setHeader('ETag', content.etag);
  res.setHeader('Cache-Control', 'no-cache');
  if (notModified(req, content.etag)) {
    res.status(304).end();
    return;
  }
  res.send(content.body);
}

/**
 * `GET /api/openapi.json` (the OpenAPI 3.1 document, generated from the contracts) and the
 * docs page `GET /api/docs` with its script and style sheet. Paths are absolute: mount it
 * at the root of the BFF, after helmet.
 */
export function openApiRoutes(): Router {
  const router = Router();
  const doc = buildOpenApiDocument();
  const spec = asset(JSON.stringify(doc), 'application/json; charset=utf-8');
  const page = asset(docsPage(doc.info.title), 'text/html; charset=utf-8');
  const assets = new Map<string, Asset>([
    ['docs.js', asset(file('docs.js'), 'text/javascript; charset=utf-8')],
    ['docs.css', asset(file('docs.css'), 'text/css; charset=utf-8')],
  ]);

  router.get('/api/openapi.json', (req, res) => send(req, res, spec));
  router.get('/api/docs', (req, res) => {
    res.setHeader('Content-Security-Policy', DOCS_CSP);
    send(req, res, page);
  });
  router.get('/api/docs/:asset', (req, res, next) => {
    const found = assets.get(req.params.asset);
    if (!found) return next();
    send(req, res, found);
  });
  return router;
}
