import type { ZodObject, ZodType } from 'zod';

/** The shape of one public route in the BFF's route table (routes.ts), from which the OpenAPI document is made. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Tag = 'Health' | 'Docs' | 'Auth' | 'Users' | 'Push' | 'Menu' | 'Orders' | 'Payments' | 'Queue' | 'Apps' | 'Realtime';
/** `optional`: works without a token, and a valid one shows more (the queue's board view). */
export type Auth = 'none' | 'optional' | 'bearer';
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429;

export interface ParamSpec {
  schema: ZodType;
  description: string;
}

export interface ResponseSpec {
  description: string;
  /** JSON body: a schema named in schemas.ts, or several (the answer is one of them). */
  schema?: ZodType | readonly ZodType[];
  /** A body that is not JSON (HTML, JavaScript, an image): its media types, without a schema. */
  media?: readonly string[];
  headers?: Record<string, ParamSpec>;
}

export interface RouteSpec {
  method: HttpMethod;
  /** OpenAPI style: `/api/orders/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: Tag;
  auth: Auth;
  /** Who may call it, when that is more than "signed in" (roles, ownership). */
  access?: string;
  params?: Record<string, ParamSpec>;
  query?: ZodObject;
  headers?: Record<string, ParamSpec & { required?: boolean }>;
  body?: { schema: ZodType; required?: boolean; media?: string };
  /** Accepts `Idempotency-Key`: the same key and body replay the first answer. */
  idempotent?: boolean;
  /** Answers with an ETag and 304 to a matching `If-None-Match`. */
  conditional?: boolean;
  responses: Partial<Record<number, ResponseSpec>>;
  /** The 4xx this route can answer, each with the error codes it uses (body: ErrorBody). */
  errors?: Partial<Record<ErrorStatus, string>>;
  /** `/ws` only: the messages of the WebSocket that the upgrade opens. */
  websocket?: { clientMessages: readonly ZodType[]; serverMessages: readonly ZodType[] };
}
