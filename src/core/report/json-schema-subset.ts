/**
 * A validator for the small part of JSON Schema 2020-12 that docs/report.schema.json uses, so tests can check
 * rendered reports against the documented schema without a dependency. A keyword outside the subset throws:
 * the schema must not silently stop being checked.
 */
export type JsonSchema = { [keyword: string]: unknown };

export interface SchemaViolation {
  /** JSON Pointer of the offending value, e.g. `/leaks/0/readableChain/2/kind`. */
  path: string;
  message: string;
}

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'format', '$comment', '$defs']);
const CHECKED = new Set([
  'type',
  'const',
  'enum',
  'required',
  'properties',
  'additionalProperties',
  'items',
  '$ref',
  'minimum',
  'maxItems',
  'pattern',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function resolveRef(root: JsonSchema, ref: string): JsonSchema {
  if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`);
  let target: unknown = root;
  for (const part of ref.slice(2).split('/')) target = (target as JsonSchema | undefined)?.[part];
  if (typeof target !== 'object' || target === null) throw new Error(`unresolved $ref ${ref}`);
  return target as JsonSchema;
}

/** Every way `value` breaks `schema`; an empty list means it conforms. */
export function validateJsonSchema(schema: JsonSchema, value: unknown): SchemaViolation[] {
  const violations: SchemaViolation[] = [];
  check(schema, schema, value, '', violations);
  return violations;
}

function check(
  root: JsonSchema,
  schema: JsonSchema,
  value: unknown,
  path: string,
  out: SchemaViolation[],
): void {
  const fail = (message: string) => out.push({ path: path || '/', message });
  for (const keyword of Object.keys(schema)) {
    if (!ANNOTATIONS.has(keyword) && !CHECKED.has(keyword))
      throw new Error(`keyword ${keyword} not supported`);
  }
  if (typeof schema.$ref === 'string') check(root, resolveRef(root, schema.$ref), value, path, out);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((type) => hasType(value, type))) {
      fail(`expected ${types.join(' or ')}, got ${typeOf(value)}`);
      return;
    }
  }
  if ('const' in schema && JSON.stringify(value) !== JSON.stringify(schema.const)) {
    fail(`expected ${JSON.stringify(schema.const)}`);
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => option === value)) {
    fail(`expected one of ${schema.enum.map((option) => JSON.stringify(option)).join(', ')}`);
  }
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) {
    fail(`${value} is below the minimum ${schema.minimum}`);
  }
  if (
    typeof schema.pattern === 'string' &&
    typeof value === 'string' &&
    !new RegExp(schema.pattern, 'u').test(value)
  ) {
    fail(`does not match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
      fail(`more than ${schema.maxItems} items`);
    }
    const items = schema.items as JsonSchema | undefined;
    if (items) value.forEach((item, index) => check(root, items, item, `${path}/${index}`, out));
  }
  if (typeOf(value) === 'object') checkObject(root, schema, value as Record<string, unknown>, path, out);
}

function checkObject(
  root: JsonSchema,
  schema: JsonSchema,
  value: Record<string, unknown>,
  path: string,
  out: SchemaViolation[],
): void {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const key of (schema.required ?? []) as string[]) {
    if (!(key in value)) out.push({ path: path || '/', message: `missing required property ${key}` });
  }
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const propertySchema = Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (propertySchema) check(root, propertySchema, child, childPath, out);
    else if (schema.additionalProperties === false)
      out.push({ path: childPath, message: 'property not allowed' });
    else if (typeof schema.additionalProperties === 'object' && schema.additionalProperties !== null) {
      check(root, schema.additionalProperties as JsonSchema, child, childPath, out);
    }
  }
}
