/**
 * Structural checks of an OpenAPI 3.1 document: no validator package is installed, so these
 * are the rules of the specification that a generated document can get wrong. Each returns a
 * list of problems (empty = fine), so a failing test names every one of them.
 */

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const PATH_ITEM_KEYS = new Set<string>([...HTTP_METHODS, '$ref', 'summary', 'description', 'servers', 'parameters']);
const OPERATION_KEYS = new Set([
  'tags', 'summary', 'description', 'externalDocs', 'operationId', 'parameters', 'requestBody', 'responses', 'callbacks', 'deprecated', 'security', 'servers',
]);
const PARAMETER_IN = new Set(['query', 'header', 'path', 'cookie']);
const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);
const STATUS = /^([1-5](\d\d|XX)|default)$/;
const MEDIA_TYPE = /^[\w.+-]+\/[\w.+*-]+$/;

export interface Operation {
  path: string;
  method: string;
  op: Json;
}

export function operationsOf(doc: Json): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries((doc.paths as Json | undefined) ?? {})) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) if (isObject(item[method])) out.push({ path, method, op: item[method] });
  }
  return out;
}

/** Resolves a local JSON pointer (`#/components/schemas/X`); undefined when it leads nowhere. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  if (ref === '#') return doc;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Json)[key];
    if (node === undefined) return undefined;
  }
  return node;
}

const deref = (doc: Json, value: unknown): unknown => (isObject(value) && typeof value.$ref === 'string' ? resolvePointer(doc, value.$ref) : value);

/** Every `$ref` anywhere in the document, extensions included, must be local and resolve. */
export function checkRefs(doc: Json): string[] {
  const problems: string[] = [];
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) return node.forEach((child, i) => walk(child, `${at}/${i}`));
    if (!isObject(node)) return;
    if ('$ref' in node) {
      const ref = node.$ref;
      if (typeof ref !== 'string') problems.push(`${at}: $ref is not a string`);
      else if (!ref.startsWith('#/')) problems.push(`${at}: $ref ${ref} is not local to the document`);
      else if (resolvePointer(doc, ref) === undefined) problems.push(`${at}: $ref ${ref} does not resolve`);
    }
    for (const [key, child] of Object.entries(node)) walk(child, `${at}/${key}`);
  };
  walk(doc, '#');
  return problems;
}

/** JSON Schema 2020-12 as OpenAPI 3.1 embeds it, not the OpenAPI 3.0 dialect. */
function checkSchema(schema: unknown, at: string, problems: string[]): void {
  if (typeof schema === 'boolean') return;
  if (!isObject(schema)) {
    problems.push(`${at}: a schema must be an object or a boolean`);
    return;
  }
  if ('nullable' in schema) problems.push(`${at}: "nullable" is OpenAPI 3.0; 3.1 uses type: [..., "null"]`);
  for (const key of ['exclusiveMinimum', 'exclusiveMaximum']) {
    if (key in schema && typeof schema[key] !== 'number') problems.push(`${at}: ${key} must be a number in JSON Schema 2020-12`);
  }
  if ('$schema' in schema || '$id' in schema) problems.push(`${at}: $schema/$id inside the document change how $refs resolve`);
  if ('type' in schema) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    for (const type of types) if (typeof type !== 'string' || !JSON_TYPES.has(type)) problems.push(`${at}: unknown type ${String(type)}`);
  }
  if ('required' in schema) {
    const required = schema.required;
    if (!Array.isArray(required) || !required.every((r) => typeof r === 'string')) problems.push(`${at}: required must be a list of names`);
    else if (isObject(schema.properties)) {
      for (const name of required) if (!(name in schema.properties)) problems.push(`${at}: required "${name}" is not among the properties`);
    }
  }
  if ('pattern' in schema) {
    try {
      new RegExp(String(schema.pattern), 'u');
    } catch {
      problems.push(`${at}: pattern ${String(schema.pattern)} is not a valid ECMA-262 regular expression`);
    }
  }
  for (const key of ['properties', 'patternProperties', '$defs']) {
    if (key in schema) {
      if (!isObject(schema[key])) problems.push(`${at}/${key}: must be an object`);
      else for (const [name, child] of Object.entries(schema[key])) checkSchema(child, `${at}/${key}/${name}`, problems);
    }
  }
  for (const key of ['items', 'additionalProperties', 'not', 'propertyNames', 'contains', 'if', 'then', 'else', 'unevaluatedProperties']) {
    if (key in schema) checkSchema(schema[key], `${at}/${key}`, problems);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf', 'prefixItems']) {
    if (key in schema) {
      if (!Array.isArray(schema[key]) || (schema[key] as unknown[]).length === 0) problems.push(`${at}/${key}: must be a non-empty list`);
      else (schema[key] as unknown[]).forEach((child, i) => checkSchema(child, `${at}/${key}/${i}`, problems));
    }
  }
}

function checkContent(content: unknown, at: string, problems: string[]): void {
  if (!isObject(content) || Object.keys(content).length === 0) {
    problems.push(`${at}: content must map at least one media type`);
    return;
  }
  for (const [media, object] of Object.entries(content)) {
    if (!MEDIA_TYPE.test(media)) problems.push(`${at}: "${media}" is not a media type`);
    if (!isObject(object)) problems.push(`${at}/${media}: must be a Media Type Object`);
    else if ('schema' in object) checkSchema(object.schema, `${at}/${media}/schema`, problems);
  }
}

function checkHeaderLike(doc: Json, raw: unknown, at: string, problems: string[]): void {
  const header = deref(doc, raw);
  if (!isObject(header)) return void problems.push(`${at}: not an object`);
  if (('schema' in header) === ('content' in header)) problems.push(`${at}: needs exactly one of schema and content`);
  if ('schema' in header) checkSchema(header.schema, `${at}/schema`, problems);
}

function checkOperation(doc: Json, { path, method, op }: Operation, pathParams: Json[], problems: string[]): void {
  const at = `${method.toUpperCase()} ${path}`;
  for (const key of Object.keys(op)) if (!OPERATION_KEYS.has(key) && !key.startsWith('x-')) problems.push(`${at}: unknown field "${key}"`);
  if (typeof op.operationId !== 'string' || !op.operationId) problems.push(`${at}: no operationId`);

  const params = [...pathParams, ...((op.parameters as unknown[] | undefined) ?? [])].map((p) => deref(doc, p));
  const seen = new Set<string>();
  for (const param of params) {
    if (!isObject(param)) {
      problems.push(`${at}: a parameter is not an object`);
      continue;
    }
    const where = `${at} parameter ${String(param.name)}`;
    if (typeof param.name !== 'string' || !param.name) problems.push(`${at}: a parameter has no name`);
    if (!PARAMETER_IN.has(String(param.in))) problems.push(`${where}: "in" is ${String(param.in)}`);
    if (param.in === 'path' && param.required !== true) problems.push(`${where}: a path parameter must be required: true`);
    const key = `${String(param.in)}:${String(param.in === 'header' ? String(param.name).toLowerCase() : param.name)}`;
    if (seen.has(key)) problems.push(`${where}: listed twice`);
    seen.add(key);
    checkHeaderLike(doc, param, where, problems);
  }
  const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const declared = params.filter((p): p is Json => isObject(p) && p.in === 'path').map((p) => String(p.name));
  for (const name of templated) if (!declared.includes(name)) problems.push(`${at}: {${name}} has no "in: path" parameter`);
  for (const name of declared) if (!templated.includes(name)) problems.push(`${at}: path parameter ${name} is not in the path`);

  if (op.requestBody !== undefined) {
    const body = deref(doc, op.requestBody);
    if (!isObject(body)) problems.push(`${at}: requestBody is not an object`);
    else checkContent(body.content, `${at} requestBody`, problems);
  }

  if (!isObject(op.responses) || Object.keys(op.responses).length === 0) problems.push(`${at}: no responses`);
  for (const [status, raw] of Object.entries(isObject(op.responses) ? op.responses : {})) {
    const where = `${at} ${status}`;
    if (!STATUS.test(status)) problems.push(`${where}: not a status code, a range like 5XX, or default`);
    const response = deref(doc, raw);
    if (!isObject(response)) {
      problems.push(`${where}: the response does not resolve`);
      continue;
    }
    if (typeof response.description !== 'string' || !response.description.trim()) problems.push(`${where}: no description`);
    if ('content' in response) checkContent(response.content, where, problems);
    for (const [name, header] of Object.entries(isObject(response.headers) ? response.headers : {})) {
      checkHeaderLike(doc, header, `${where} header ${name}`, problems);
    }
  }

  const schemes = isObject(doc.components) && isObject(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  if (op.security !== undefined) {
    if (!Array.isArray(op.security)) problems.push(`${at}: security must be a list`);
    else {
      for (const requirement of op.security) {
        if (!isObject(requirement)) problems.push(`${at}: a security requirement is not an object`);
        else for (const name of Object.keys(requirement)) if (!(name in schemes)) problems.push(`${at}: security scheme ${name} is not defined`);
      }
    }
  }
  const tags = new Set(((doc.tags as Json[] | undefined) ?? []).map((t) => t.name));
  for (const tag of (op.tags as unknown[] | undefined) ?? []) if (!tags.has(tag)) problems.push(`${at}: tag ${String(tag)} is not declared`);
}

/** The document as a whole: every rule above, over every path, operation and schema. */
export function checkOpenApi31(doc: Json): string[] {
  const problems: string[] = [];
  if (doc.openapi !== '3.1.0') problems.push(`openapi is ${String(doc.openapi)}, not 3.1.0`);
  const info = doc.info;
  if (!isObject(info) || typeof info.title !== 'string' || !info.title || typeof info.version !== 'string' || !info.version) {
    problems.push('info needs a title and a version');
  }
  if (doc.servers !== undefined && (!Array.isArray(doc.servers) || !doc.servers.every((s) => isObject(s) && typeof s.url === 'string'))) {
    problems.push('servers must be a list of {url}');
  }
  if (!isObject(doc.paths)) problems.push('no paths');

  const shapes = new Map<string, string>();
  for (const [path, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    if (!/^\/[^\s]*$/.test(path)) problems.push(`path "${path}" must start with / and hold no spaces`);
    // "Templated paths with the same hierarchy but different templated names MUST NOT exist."
    const shape = path.replace(/\{[^}]+\}/g, '{}');
    if (shapes.has(shape)) problems.push(`${path} and ${shapes.get(shape)} are the same templated path`);
    shapes.set(shape, path);
    if (!isObject(item)) {
      problems.push(`${path}: not a Path Item`);
      continue;
    }
    for (const key of Object.keys(item)) if (!PATH_ITEM_KEYS.has(key) && !key.startsWith('x-')) problems.push(`${path}: unknown field "${key}"`);
  }

  const ids = new Map<string, string>();
  for (const operation of operationsOf(doc)) {
    const item = (doc.paths as Json)[operation.path] as Json;
    checkOperation(doc, operation, (item.parameters as Json[] | undefined) ?? [], problems);
    const id = operation.op.operationId;
    if (typeof id === 'string') {
      const where = `${operation.method.toUpperCase()} ${operation.path}`;
      if (ids.has(id)) problems.push(`operationId ${id} is used by ${ids.get(id)} and ${where}`);
      ids.set(id, where);
    }
  }

  const tagNames = ((doc.tags as Json[] | undefined) ?? []).map((t) => t.name);
  if (new Set(tagNames).size !== tagNames.length) problems.push('a tag is declared twice');

  const components = isObject(doc.components) ? doc.components : {};
  for (const [name, schema] of Object.entries(isObject(components.schemas) ? components.schemas : {})) {
    if (!/^[a-zA-Z0-9.\-_]+$/.test(name)) problems.push(`components.schemas: "${name}" is not a valid component name`);
    checkSchema(schema, `#/components/schemas/${name}`, problems);
  }
  for (const [name, scheme] of Object.entries(isObject(components.securitySchemes) ? components.securitySchemes : {})) {
    if (!isObject(scheme) || !['apiKey', 'http', 'mutualTLS', 'oauth2', 'openIdConnect'].includes(String(scheme.type))) {
      problems.push(`securitySchemes.${name}: unknown type`);
    } else if (scheme.type === 'http' && typeof scheme.scheme !== 'string') problems.push(`securitySchemes.${name}: http needs a scheme`);
  }
  problems.push(...checkRefs(doc));
  return problems;
}
