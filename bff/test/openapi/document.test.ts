import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CreateOrderSchema, OrderSchema } from '@canteen/contracts';
import { buildOpenApiDocument } from '../../src/openapi/document.ts';
import { PUBLIC_ROUTES } from '../../src/openapi/routes.ts';
import { checkOpenApi31, checkRefs, operationsOf } from './openapi-checks.ts';

type Json = Record<string, any>;
const doc = buildOpenApiDocument() as unknown as Json;
const operations = operationsOf(doc) as { path: string; method: string; op: Json }[];
const op = (method: string, path: string): Json => doc.paths[path][method];

describe('the OpenAPI document', () => {
  it('when built, then it passes every structural rule of OpenAPI 3.1', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(checkOpenApi31(doc)).toEqual([]);
  });

  it('when built twice, then it is the same frozen object (built once)', () => {
    expect(buildOpenApiDocument()).toBe(buildOpenApiDocument());
    expect(Object.isFrozen(doc.paths)).toBe(true);
  });

  it('when serialised, then it is plain JSON (what /api/openapi.json sends)', () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('then it has servers, a bearer JWT scheme and one operation per row of the route table', () => {
    expect(doc.servers).toEqual([{ url: '/' }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(operations).toHaveLength(PUBLIC_ROUTES.length);
  });

  it('then every path key is a rooted path and every {param} has a required path parameter', () => {
    for (const { path, op } of operations) {
      expect(path).toMatch(/^\/[^\s]*$/);
      for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
        expect(op.parameters, `${path} {${name}}`).toContainEqual(expect.objectContaining({ name, in: 'path', required: true }));
      }
    }
  });

  it('then operationIds are unique and every response has a description', () => {
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of operations) {
      for (const [status, response] of Object.entries(op.responses as Json)) {
        const resolved = response.$ref ? doc.components.responses[response.$ref.split('/').pop()] : response;
        expect(resolved?.description, `${method} ${path} ${status}`).toEqual(expect.any(String));
      }
    }
  });

  it('then every route that needs a token lists bearerAuth in security and documents its 401', () => {
    for (const route of PUBLIC_ROUTES) {
      const o = op(route.method, route.path);
      const where = `${route.method} ${route.path}`;
      if (route.auth === 'none') expect(o.security, where).toEqual([]);
      else {
        expect(o.security, where).toContainEqual({ bearerAuth: [] });
        expect(o.responses['401'], where).toBeDefined();
      }
      if (route.auth === 'optional') expect(o.security, where).toContainEqual({});
    }
  });

  it('then every 4xx answer is the JSON error body, and every HTTP operation refers to the 5xx one', () => {
    for (const { path, method, op } of operations) {
      for (const [status, response] of Object.entries(op.responses as Json)) {
        if (/^4/.test(status) && path !== '/ws') {
          expect(response.content?.['application/json']?.schema, `${method} ${path} ${status}`).toEqual({ $ref: '#/components/schemas/ErrorBody' });
        }
      }
      if (path !== '/ws') expect(op.responses['5XX']).toEqual({ $ref: '#/components/responses/ServerError' });
    }
    expect(doc.components.schemas.ErrorBody.required).toEqual(['error', 'message']);
  });

  it('then the order routes that change state take an Idempotency-Key', () => {
    for (const [method, path] of [['post', '/api/orders/'], ['delete', '/api/orders/{id}'], ['put', '/api/orders/{id}/status']] as const) {
      expect(op(method, path).parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }));
    }
    expect(op('post', '/api/orders/').responses['201'].headers['Idempotent-Replayed']).toBeDefined();
  });

  it('then query schemas become query parameters with their defaults and enums', () => {
    const params = op('get', '/api/users').parameters as Json[];
    expect(params.map((p) => p.name)).toEqual(['limit', 'offset', 'role', 'q']);
    expect(params.find((p) => p.name === 'limit')).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', default: 50, maximum: 200 } });
    expect(params.find((p) => p.name === 'role')?.schema.enum).toEqual(['CUSTOMER', 'STAFF', 'ADMIN']);
  });

  it('then request bodies come from the contracts as zod input and answers as zod output', () => {
    const input = z.toJSONSchema(CreateOrderSchema, { io: 'input', unrepresentable: 'any' }) as Json;
    const request = doc.components.schemas.CreateOrderRequest;
    expect(request.properties).toEqual(input.properties);
    // A default makes a field optional for the client…
    expect(request.required).toEqual(['items']);
    // …and present in what comes back.
    const order = doc.components.schemas.Order;
    expect(order.required).toEqual(Object.keys(OrderSchema.shape));
    // Answers may gain fields: only strict zod objects are closed.
    expect(order.additionalProperties).toBeUndefined();
    expect(op('post', '/api/orders/').requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/CreateOrderRequest' });
  });

  it('then lists refer to their item schema, and the board answer is one of two shapes', () => {
    expect(doc.components.schemas.OrderList).toEqual({ type: 'array', items: { $ref: '#/components/schemas/Order' } });
    expect(op('get', '/api/queue/active').responses['200'].content['application/json'].schema).toEqual({
      oneOf: [{ $ref: '#/components/schemas/QueueItemList' }, { $ref: '#/components/schemas/BoardItemList' }],
    });
  });

  it('then /ws is described as an upgrade with its messages under x-websocket', () => {
    const ws = op('get', '/ws');
    expect(Object.keys(ws.responses)).toContain('101');
    expect(ws['x-websocket'].clientMessages).toEqual([{ $ref: '#/components/schemas/ClientAuthMessage' }]);
    expect(ws['x-websocket'].serverMessages).toContainEqual({ $ref: '#/components/schemas/WelcomeMessage' });
  });

  it('then the image upload is multipart with a binary field', () => {
    const upload = op('post', '/api/menu/items/{id}/image').requestBody.content['multipart/form-data'].schema;
    expect(upload).toEqual({ $ref: '#/components/schemas/MenuItemImageUpload' });
    expect(doc.components.schemas.MenuItemImageUpload.properties.image).toMatchObject({ type: 'string', format: 'binary' });
  });
});

describe('the structural checks themselves', () => {
  const broken = () => structuredClone(doc) as Json;

  it('when the document is broken in the ways that matter, then each is reported', () => {
    const bad = broken();
    bad.openapi = '3.0.3';
    bad.paths['/api/orders/{id}'].get.operationId = 'placeOrder';
    bad.paths['/api/orders/{id}'].get.parameters = [];
    bad.paths['/api/queue/stats'].get.responses['200'].description = '';
    bad.paths['/api/menu/items'].get.responses['200'].content['application/json'].schema = { $ref: '#/components/schemas/Nope' };
    bad.components.schemas.Order.properties.cancel_reason = { type: 'string', nullable: true };
    bad.paths['/api/users/{userId}'] = bad.paths['/api/users/{id}'];
    bad.paths['api/no-slash'] = {};
    const problems = checkOpenApi31(bad).join('\n');
    expect(problems).toContain('openapi is 3.0.3');
    expect(problems).toContain('operationId placeOrder is used by');
    expect(problems).toContain('GET /api/orders/{id}: {id} has no "in: path" parameter');
    expect(problems).toContain('GET /api/queue/stats 200: no description');
    expect(problems).toContain('$ref #/components/schemas/Nope does not resolve');
    expect(problems).toContain('"nullable" is OpenAPI 3.0');
    expect(problems).toContain('are the same templated path');
    expect(problems).toContain('path "api/no-slash" must start with /');
  });

  it('when a $ref hides in an extension or points outside, then it is reported', () => {
    const bad = broken();
    bad.paths['/ws'].get['x-websocket'].clientMessages = [{ $ref: '#/components/schemas/Missing' }, { $ref: 'https://example.com/x.json' }];
    expect(checkRefs(bad)).toEqual([
      expect.stringContaining('#/components/schemas/Missing does not resolve'),
      expect.stringContaining('is not local to the document'),
    ]);
  });
});
