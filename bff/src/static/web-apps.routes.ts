import { existsSync } from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { Logger } from '@canteen/service-kit';
import { sendNotBuilt } from './not-built.page.ts';
import { isReservedPath, isUnder } from './reserved-paths.ts';
import { webAppsFromConfig, type WebApp, type WebAppConfig } from './web-apps.config.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Vite's `assets/[name]-[hash].[ext]`: the name changes whenever the content does. */
const HASHED_NAME = /[-.][A-Za-z0-9_-]{8,}\.[A-Za-z0-9]+$/;

/**
 * Hashed build output is kept for a year; everything else (index.html, sw.js, the manifest,
 * icons) is revalidated on every use, a cheap 304 thanks to ETag and Last-Modified, so a new
 * build reaches the browsers at once and a service worker update is never held back.
 * `Service-Worker-Allowed` is not needed: each app's worker sits at the top of its own scope.
 */
function cacheControlFor(relativePath: string): string {
  const parts = relativePath.split(/[\\/]/);
  return parts.length > 1 && parts[0] === 'assets' && HASHED_NAME.test(parts.at(-1)!) ? IMMUTABLE : 'no-cache';
}

/** A page load (Accept: text/html) of something that is not a file: a route of the app. */
function isNavigation(req: Request): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (!(req.headers.accept ?? '').includes('text/html')) return false;
  const last = req.path.slice(req.path.lastIndexOf('/') + 1);
  return path.posix.extname(last) === '';
}

/** The app's index.html for its routes, or the page that says it is not built yet. */
function navigationFallback(app: WebApp): RequestHandler {
  return (req, res, next) => {
    if (!isNavigation(req)) return next();
    // The same URL is a JSON 404 for a script: caches must keep the two apart.
    res.vary('Accept');
    res.sendFile('index.html', { root: app.dir, cacheControl: false, headers: { 'Cache-Control': 'no-cache' } }, (err?: NodeJS.ErrnoException) => {
      if (!err || res.headersSent) return;
      if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return sendNotBuilt(res, app);
      next(err);
    });
  };
}

function appRouter(app: WebApp): Router {
  const router = Router();
  // Gzip text files (scripts, styles, HTML, the manifest) for the browsers that accept it: the
  // student app's first-load script is about 270 kB raw and 83 kB gzipped, which on a phone's
  // slow link is the difference Lighthouse's mobile profile measured (performance 54–66).
  // Only the apps' files: the API's streams and the WebSocket are left as they are.
  router.use(app.prefix, compression());
  router.use(
    app.prefix,
    // No directory listings (serve-static has none), dotfiles answer as missing, and `..`
    // cannot leave the root (send refuses it); a missing file falls through to the fallback.
    express.static(app.dir, {
      dotfiles: 'ignore',
      index: ['index.html'],
      etag: true,
      lastModified: true,
      fallthrough: true,
      setHeaders: (res: Response, file: string) => res.setHeader('Cache-Control', cacheControlFor(path.relative(app.dir, file))),
    }),
  );
  router.use(app.prefix, navigationFallback(app));
  return router;
}

function logWhereAppsComeFrom(apps: readonly WebApp[], logger: Logger): void {
  const state = apps.map((app) => ({ ...app, built: existsSync(path.join(app.dir, 'index.html')) }));
  const summary = state.map(({ name, prefix, dir, built }) => `${name} at ${prefix} ${built ? `from ${dir}` : `not built (${dir})`}`);
  logger.info(
    { webApps: state.map(({ name, prefix, dir, built }) => ({ name, prefix, dir, built })) },
    `web apps: ${summary.join('; ')}`,
  );
}

/**
 * The built web apps on the BFF's origin, each under its prefix (most specific first, the PWA
 * at `/` last). Mount after the API routes and before the 404 handler: the API's paths are
 * never served from an app's folder and never get an app's index.html.
 */
export function webAppRoutes(config: WebAppConfig, logger: Logger): RequestHandler {
  const apps = webAppsFromConfig(config);
  const hosts = apps.map((app) => ({ app, router: appRouter(app) }));
  logWhereAppsComeFrom(apps, logger);
  return (req, res, next) => {
    if (isReservedPath(req.path)) return next();
    const host = hosts.find(({ app }) => isUnder(req.path, app.prefix));
    if (!host) return next();
    host.router(req, res, next);
  };
}
