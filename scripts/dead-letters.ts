/**
 * `npm run dead-letters -- list [--limit N]`
 * `npm run dead-letters -- redrive <queue> <message-id>`
 * `npm run dead-letters -- redrive <queue> --all`
 *
 * The dead letters of every service, through the BFF's admin API (so it works the same for
 * all-in-one, where they live in the process, and distributed, where they are on RabbitMQ).
 * Talks to CANTEEN_URL (default http://localhost:8080) as CANTEEN_TOKEN (an admin's access
 * token) or, without it, signs in as ADMIN_EMAIL / ADMIN_PASSWORD.
 */
import type { DeadLettersResponse, RedriveResponse } from '../packages/contracts/src/index.ts';

export interface CommandEnv {
  baseUrl: string;
  token?: string | undefined;
  email?: string | undefined;
  password?: string | undefined;
  /** Where the lines go (stdout in the command). */
  print(line: string): void;
}

const USAGE = 'usage: dead-letters list [--limit N] | redrive <queue> (<message-id> | --all)';

class CommandError extends Error {}

async function call<T>(env: CommandEnv, token: string | undefined, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${env.baseUrl.replace(/\/$/, '')}${path}`, {
    method,
    headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
    } catch {
      // not JSON: show it as it came
    }
    throw new CommandError(`${method} ${path} answered ${response.status}: ${message}`);
  }
  return JSON.parse(text) as T;
}

async function tokenOf(env: CommandEnv): Promise<string> {
  if (env.token) return env.token;
  if (!env.email || !env.password) throw new CommandError('set CANTEEN_TOKEN, or ADMIN_EMAIL and ADMIN_PASSWORD');
  return (await call<{ token: string }>(env, undefined, 'POST', '/api/auth/login', { email: env.email, password: env.password })).token;
}

const oneLine = (value: unknown, max = 120): string => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
};

/** Runs one command; resolves with the exit code. */
export async function runDeadLettersCommand(args: string[], env: CommandEnv): Promise<number> {
  const [verb, ...rest] = args;
  try {
    if (verb === 'list') {
      const limitAt = rest.indexOf('--limit');
      const limit = limitAt >= 0 ? Number(rest[limitAt + 1]) : 100;
      if (!Number.isInteger(limit) || limit < 1) throw new CommandError(USAGE);
      const answer = await call<DeadLettersResponse>(env, await tokenOf(env), 'GET', `/api/admin/dead-letters?limit=${limit}`);
      for (const queue of answer.queues) {
        env.print(`${queue.service}  ${queue.queue}  ${queue.count} dead`);
        for (const letter of queue.dead_letters) {
          env.print(`  ${letter.message_id}  ${letter.routing_key}  ${letter.reason}  attempts ${letter.attempts}  ${letter.dead_at ?? ''}`);
          env.print(`    error: ${letter.error}`);
          env.print(`    body:  ${oneLine(letter.body)}`);
        }
      }
      if (answer.unavailable.length > 0) env.print(`not answering (their dead letters are not shown): ${answer.unavailable.join(', ')}`);
      return 0;
    }
    if (verb === 'redrive') {
      const [queue, which] = rest;
      if (!queue || !which) throw new CommandError(USAGE);
      const body = which === '--all' ? { queue, all: true } : { queue, message_id: which };
      const answer = await call<RedriveResponse>(env, await tokenOf(env), 'POST', '/api/admin/dead-letters/redrive', body);
      env.print(`${answer.redriven} dead letter(s) moved back to ${answer.queue}`);
      return 0;
    }
    throw new CommandError(USAGE);
  } catch (err) {
    if (!(err instanceof CommandError) && !(err instanceof TypeError)) throw err;
    env.print(err.message);
    return err instanceof CommandError ? 2 : 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const code = await runDeadLettersCommand(process.argv.slice(2), {
    baseUrl: process.env.CANTEEN_URL ?? 'http://localhost:8080',
    token: process.env.CANTEEN_TOKEN,
    email: process.env.ADMIN_EMAIL,
    password: process.env.ADMIN_PASSWORD,
    print: (line) => process.stdout.write(`${line}\n`),
  });
  process.exitCode = code;
}
