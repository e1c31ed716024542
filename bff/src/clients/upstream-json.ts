import type { Request } from 'express';
import type { z } from 'zod';
import { AppError } from '@canteen/service-kit';
import type { Upstream } from './upstream.ts';

/**
 * Calls a service as the caller (their token) and returns its JSON checked against `schema`
 * (the contracts' schema of that answer), or throws the service's error. An answer that is
 * not what the contract says is the service's fault: 502 UPSTREAM_INVALID, never passed on.
 */
export async function callJson<S extends z.ZodType>(
  schema: S,
  service: Upstream,
  req: Request,
  path: string,
  post?: { body: unknown },
): Promise<z.infer<S>> {
  const response = await service.send({
    method: post ? 'POST' : 'GET',
    path,
    ...(post ? { body: post.body } : {}),
    headers: { authorization: req.headers.authorization, accept: 'application/json' },
    requestId: String(req.id),
    clientIp: req.ip,
  });
  const text = response.body.toString('utf8');
  if (response.status >= 500) throw new AppError(502, 'UPSTREAM_ERROR', `The ${service.name} service failed to answer`);
  if (response.status >= 400) {
    const body = parseJson(text) as { error?: { code?: string; message?: string } } | undefined;
    throw new AppError(response.status, body?.error?.code ?? 'UPSTREAM_REFUSED', body?.error?.message ?? `${service.name} refused`);
  }
  const parsed = schema.safeParse(parseJson(text));
  if (!parsed.success) {
    throw new AppError(502, 'UPSTREAM_INVALID', `The ${service.name} service answered ${path.split('?')[0]} with something its contract does not allow`);
  }
  return parsed.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A part that may be missing (its service is down or answers nonsense) without failing the whole answer. */
export async function optional<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch {
    return null;
  }
}
