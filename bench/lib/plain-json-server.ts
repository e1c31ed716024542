/**
 * The machine's limit for "serve this JSON over HTTP": a bare Express route returning a fixed
 * body (with Express's default ETag), run in its own process like the system under test,
 * and `/raw`, the same bytes pre-serialized: what Node's HTTP stack alone can do.
 * Usage: tsx bench/lib/plain-json-server.ts <port> <json-file>
 */
import { readFileSync } from 'node:fs';
import express from 'express';

const [port, file] = process.argv.slice(2);
const body = JSON.parse(readFileSync(file!, 'utf8'));
const app = express();
app.get('/api/menu/items', (_req, res) => {
  res.json(body);
});
// The floor under everything: the same bytes, serialized once, no ETag work per request.
const bytes = Buffer.from(JSON.stringify(body));
app.get('/raw', (_req, res) => {
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(bytes);
});
app.listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
