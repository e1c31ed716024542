import { readFileSync } from 'node:fs';
import { z, type ZodType } from 'zod';
import { PUBLIC_ROUTES, type ParamSpec, type ResponseSpec, type RouteSpec, type Tag } from './routes.ts';
import { REQUEST_SCHEMAS, RESPONSE_SCHEMAS } from './schemas.ts';

type Json = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; summary: string; description: string };
  servers: { url: string }[];
  tags: { name: Tag; description: string }[];
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; responses: Record<string, Json>; securitySchemes: Record<string, Json> };
}

const SCHEMA_REF = '#/components/schemas/';

const TAGS: Record<Tag, string> = {
  Health: 'Liveness, readiness and metrics of the BFF and the services behind it',
  Docs: 'This document and its docs page',
  Auth: 'Accounts, sign-in and rotating refresh tokens',
  Users: 'User administration (ADMIN)',
  Push: 'Web Push (VAPID) subscriptions',
  Menu: 'Categories and items; reads carry an ETag and answer 304 to If-None-Match',
  Orders: 'Placing, following and cancelling orders',
  Payments: 'The mock payment gateway, refunds and receipts',
  Queue: 'Queue numbers, positions and ETAs',
  Apps: "Aggregations for the apps: one call instead of several (each service still checks the caller's role)",
  Realtime: 'The live WebSocket stream',
};

const DESCRIPTION = `The public API of the Canteen Queue Manager, served by the BFF. Generated from the zod schemas of \`@canteen/contracts\`, the same ones that validate requests.

**Authentication.** \`POST /api/auth/login\` (or \`register\`) gives an access token (an EdDSA JWT, 15 minutes) and a refresh token; send \`Authorization: Bearer <token>\`. Roles are CUSTOMER, STAFF and ADMIN; identity always comes from the token, and a \`user_id\` that is not the caller's is refused unless the caller is STAFF/ADMIN.

**Errors** are JSON everywhere: \`{"error": {"code", "message", "details"?}, "message"}\` (see \`ErrorBody\`) with the right 4xx; a 5xx never carries a stack trace.

**Idempotency.** \`POST /api/orders/\`, \`PUT /api/orders/{id}/status\` and \`DELETE /api/orders/{id}\` accept an \`Idempotency-Key\` header: the same key and body from the same user return the first answer (with \`Idempotent-Replayed: true\`) and never act twice.

**Live updates** come over the WebSocket \`/ws\` (see the Realtime operation and its \`x-websocket\` messages).

Answers may gain fields over time: clients ignore the ones they do not know.`;

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/** Drops the keys that make sense only in a standalone JSON Schema file. */
function embeddable(schema: Json): Json {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

function conversionOptions(io: 'input' | 'output') {
  return {
    target: 'draft-2020-12' as const,
    io,
    // Refinements and transforms have no JSON Schema form: the document shows the shape, the
    // service still enforces the rest (and says so in its 400's details).
    unrepresentable: 'any' as const,
    override: ({ zodSchema, jsonSchema }: { zodSchema: z.core.$ZodTypes; jsonSchema: z.core.JSONSchema.BaseSchema }) => {
      // zod marks every output object closed. Answers may gain fields (DESIGN: "it may add
      // fields, never rename"), so only an object that is strict in zod stays closed.
      const def = zodSchema._zod.def;
      if (io === 'output' && def.type === 'object' && def.catchall === undefined && jsonSchema.additionalProperties === false) {
        delete jsonSchema.additionalProperties;
      }
    },
  };
}

/** One `components.schemas` entry per named schema; nested named schemas become `$ref`s. */
function components(named: Record<string, ZodType>, io: 'input' | 'output'): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { ...conversionOptions(io), uri: (id) => `${SCHEMA_REF}${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, embeddable(schema as Json)]));
}

const inline = (schema: ZodType): Json => embeddable(z.toJSONSchema(schema, conversionOptions('input')) as Json);

function namesOf(named: Record<string, ZodType>): Map<ZodType, string> {
  return new Map(Object.entries(named).map(([name, schema]) => [schema, name]));
}
const requestNames = namesOf(REQUEST_SCHEMAS);
const responseNames = namesOf(RESPONSE_SCHEMAS);

function ref(names: Map<ZodType, string>, schema: ZodType, where: string): Json {
  const name = names.get(schema);
  if (!name) throw new Error(`OpenAPI: the schema of ${where} has no name in bff/src/openapi/schemas.ts`);
  return { $ref: `${SCHEMA_REF}${name}` };
}

const header = (spec: ParamSpec): Json => ({ description: spec.description, schema: inline(spec.schema) });
const IDEMPOTENCY_KEY = z.string().regex(/^[\x21-\x7e]{1,255}$/);

function parameters(route: RouteSpec): Json[] {
  const out: Json[] = [];
  for (const [name, spec] of Object.entries(route.params ?? {})) {
    out.push({ name, in: 'path', required: true, description: spec.description, schema: inline(spec.schema) });
  }
  if (route.query) {
    const query = inline(route.query) as { properties?: Record<string, Json>; required?: string[] };
    const required = new Set(query.required ?? []);
    for (const [name, schema] of Object.entries(query.properties ?? {})) out.push({ name, in: 'query', required: required.has(name), schema });
  }
  for (const [name, spec] of Object.entries(route.headers ?? {})) {
    out.push({ name, in: 'header', required: spec.required ?? false, ...header(spec) });
  }
  if (route.idempotent) {
    out.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Makes the request safe to resend: the same key and body from the same user return the first answer and never act twice (remembered at least 48 h).',
      schema: inline(IDEMPOTENCY_KEY),
    });
  }
  if (route.conditional) {
    out.push({ name: 'If-None-Match', in: 'header', required: false, description: 'The ETag of an earlier answer: 304 while it is current', schema: { type: 'string' } });
  }
  return out;
}

function jsonContent(schema: ZodType | readonly ZodType[], where: string): Json {
  const schemas = Array.isArray(schema) ? schema : [schema as ZodType];
  const refs = schemas.map((s) => ref(responseNames, s, where));
  return { 'application/json': { schema: refs.length === 1 ? refs[0] : { oneOf: refs } } };
}

function response(route: RouteSpec, status: number, spec: ResponseSpec, where: string): Json {
  const headers: Record<string, Json> = {};
  for (const [name, h] of Object.entries(spec.headers ?? {})) headers[name] = header(h);
  const success = status >= 200 && status < 300;
  if (success && route.conditional) headers.ETag = { description: 'Send it back in If-None-Match to revalidate', schema: { type: 'string' } };
  if (success && route.idempotent) {
    headers['Idempotent-Replayed'] = { description: '`true` when this is the stored answer to an earlier request with the same key', schema: { type: 'string', enum: ['true'] } };
  }
  const out: Json = { description: spec.description };
  if (Object.keys(headers).length) out.headers = headers;
  if (spec.schema) out.content = jsonContent(spec.schema, where);
  else if (spec.media) out.content = Object.fromEntries(spec.media.map((type) => [type, {}]));
  return out;
}

function operation(route: RouteSpec): Json {
  const where = `${route.method.toUpperCase()} ${route.path}`;
  const responses: Record<string, Json> = {};
  for (const [status, spec] of Object.entries(route.responses)) if (spec) responses[status] = response(route, Number(status), spec, where);
  if (route.conditional) responses['304'] = { description: 'Not Modified: the ETag in If-None-Match is still current' };
  for (const [status, codes] of Object.entries(route.errors ?? {})) {
    const error: Json = { description: codes, content: { 'application/json': { schema: { $ref: `${SCHEMA_REF}ErrorBody` } } } };
    if (status === '429') error.headers = { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } };
    responses[status] = error;
  }
  // The WebSocket upgrade fails with bare status lines, not with the JSON error model.
  if (!route.websocket) responses['5XX'] = { $ref: '#/components/responses/ServerError' };

  const who =
    route.auth === 'bearer' ? `**Auth:** bearer token${route.access ? ` — ${route.access}` : ''}.`
    : route.auth === 'optional' ? '**Auth:** optional bearer token.'
    : '**Auth:** none.';
  const op: Json = {
    operationId: route.operationId,
    summary: route.summary,
    description: [route.description, who].filter(Boolean).join('\n\n'),
    tags: [route.tag],
    security: route.auth === 'bearer' ? [{ bearerAuth: [] }] : route.auth === 'optional' ? [{}, { bearerAuth: [] }] : [],
  };
  const params = parameters(route);
  if (params.length) op.parameters = params;
  if (route.body) {
    const media = route.body.media ?? 'application/json';
    op.requestBody = { required: route.body.required ?? true, content: { [media]: { schema: ref(requestNames, route.body.schema, where) } } };
  }
  op.responses = responses;
  if (route.websocket) {
    op['x-websocket'] = {
      clientMessages: route.websocket.clientMessages.map((s) => ref(requestNames, s, `${where} (client message)`)),
      serverMessages: route.websocket.serverMessages.map((s) => ref(responseNames, s, `${where} (server message)`)),
    };
  }
  return op;
}

function build(): OpenApiDocument {
  const requestSchemas = components(REQUEST_SCHEMAS, 'input');
  const responseSchemas = components(RESPONSE_SCHEMAS, 'output');
  const clash = Object.keys(requestSchemas).find((name) => name in responseSchemas);
  if (clash) throw new Error(`OpenAPI: ${clash} names both a request and a response schema`);

  const paths: Record<string, Record<string, Json>> = {};
  for (const route of PUBLIC_ROUTES) {
    const item = (paths[route.path] ??= {});
    if (item[route.method]) throw new Error(`OpenAPI: ${route.method.toUpperCase()} ${route.path} is listed twice`);
    item[route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Canteen Queue Manager API', version: packageVersion(), summary: 'The public API of the BFF (port 8080)', description: DESCRIPTION },
    servers: [{ url: '/' }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name: name as Tag, description })),
    paths,
    components: {
      schemas: { ...requestSchemas, ...responseSchemas },
      responses: {
        ServerError: {
          description: 'INTERNAL (500); UPSTREAM_ERROR (502: a service failed); SERVICE_UNAVAILABLE (503: a service is unreachable); UPSTREAM_TIMEOUT (504). Never a stack trace.',
          content: { 'application/json': { schema: { $ref: `${SCHEMA_REF}ErrorBody` } } },
        },
      },
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The access token from login, register or refresh' },
      },
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

let cached: OpenApiDocument | undefined;

/** The OpenAPI 3.1 document of the public API, built once from the route table and frozen. */
export function buildOpenApiDocument(): OpenApiDocument {
  return (cached ??= deepFreeze(build()));
}
