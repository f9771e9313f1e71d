/**
 * A JSON Schema (draft-07) written for ajv, as an OpenAPI 3.0 schema object: OpenAPI 3.0
 * has no `type` arrays, no `$schema`, `$id` or `definitions`. A type array becomes a
 * `oneOf` of single types (disjoint, so a value matches exactly one), `null` in it becomes
 * `nullable`, and `#/definitions/...` references are written out in place.
 */
export function toOpenApiSchema(schema: object, definitions: Readonly<Record<string, unknown>> = {}): object {
  return convert(schema, definitions) as object;
}

function convert(value: unknown, definitions: Readonly<Record<string, unknown>>): unknown {
  if (Array.isArray(value)) return value.map((item) => convert(item, definitions));
  if (typeof value !== 'object' || value === null) return value;
  const { $schema: _schema, $id: _id, definitions: _definitions, ...rest } = value as Record<string, unknown>;
  const ref = rest.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
    const name = ref.slice('#/definitions/'.length);
    if (!(name in definitions)) throw new Error(`unknown JSON Schema definition ${name}`);
    return convert(definitions[name], definitions);
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(rest)) {
    // `properties` maps names to schemas: a property may be called "type" or "default".
    out[key] =
      key === 'properties' && typeof child === 'object' && child !== null
        ? Object.fromEntries(Object.entries(child).map(([name, s]) => [name, convert(s, definitions)]))
        : convert(child, definitions);
  }
  if (Array.isArray(out.type)) {
    const types = out.type as string[];
    delete out.type;
    const nullable = types.includes('null');
    const alternatives = types.filter((type) => type !== 'null');
    if (alternatives.length === 1) out.type = alternatives[0];
    else out.oneOf = alternatives.map((type) => ({ type }));
    if (nullable) {
      if (alternatives.length === 1) out.nullable = true;
      else (out.oneOf as Record<string, unknown>[])[0].nullable = true;
    }
  }
  return out;
}
