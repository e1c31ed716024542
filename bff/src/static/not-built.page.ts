import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Response } from 'express';
import type { WebApp } from './web-apps.config.ts';
import { REPO_ROOT } from './web-apps.config.ts';

const STYLE = `
:root { color-scheme: light dark; --fg: #1d2430; --muted: #5b6575; --bg: #f6f4ef; --card: #fff; --accent: #c2410c; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8e6e1; --muted: #a3a9b4; --bg: #16181d; --card: #20242b; --accent: #fb923c; } }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; padding: 1.5rem;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 36rem; background: var(--card); border-radius: 14px; padding: 2rem;
  box-shadow: 0 1px 2px rgb(0 0 0 / 6%), 0 8px 24px rgb(0 0 0 / 8%); border-top: 5px solid var(--accent); }
h1 { margin: 0 0 .75rem; font-size: 1.4rem; }
p { margin: .6rem 0; }
.muted { color: var(--muted); font-size: .9rem; }
code { font: .9em ui-monospace, SFMono-Regular, Menlo, monospace; background: rgb(127 127 127 / 14%); padding: .1em .35em; border-radius: 4px; }
a { color: var(--accent); }
`;

/** This page's own policy: its one inline style (by hash) and nothing else at all. */
const CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The folder as the operator knows it: relative to the repository when inside it. */
function shownDir(dir: string): string {
  const relative = path.relative(REPO_ROOT, dir);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : dir;
}

export function notBuiltPage(app: WebApp): string {
  const title = escapeHtml(app.title);
  const dir = escapeHtml(shownDir(app.dir));
  const source = escapeHtml(app.source);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} is not built — Canteen</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${title}: not built yet</h1>
<p>This server hosts the ${title.toLowerCase()} at <code>${escapeHtml(app.prefix)}</code> from <code>${dir}</code>, and that folder has no <code>index.html</code> yet.</p>
<p>Build it with the <code>build</code> script of <code>${source}/</code> (for example <code>pnpm --dir ${source} run build</code>), or set <code>${app.variable}</code> to a folder that holds a build, then reload this page. No restart is needed.</p>
<p class="muted">The API works meanwhile: see <a href="/api/docs">/api/docs</a>.</p>
</main>
</body>
</html>
`;
}

/**
 * 503, not 200: the app is unavailable, not present, so neither a service worker's runtime
 * cache, a proxy nor a link checker keeps this page as if it were the app; `no-store` for the
 * same reason. It says what is missing and how to build it, for whoever opened the URL.
 */
export function sendNotBuilt(res: Response, app: WebApp): void {
  const body = notBuiltPage(app);
  res.status(503);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body); // Node leaves the body out of an answer to HEAD
}
