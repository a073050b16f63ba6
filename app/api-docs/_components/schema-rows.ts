// A JSON Schema (as the OpenAPI document has it) as readable rows: one per property, nested
// properties as `parent.child` and `list[].child`, named components as links.
export type JsonSchema = Record<string, unknown>;

export interface SchemaRow {
  name: string;
  type: TypeText;
  required: boolean;
  notes: string[];
  description?: string;
}

/** A type as text, with the component it names (if any) to link to. */
export type TypeText = { text: string; ref?: string }[];

const SAFE_INTEGER = 9007199254740991;

export const refName = (ref: string) => ref.split("/").pop()!;

const isNull = (schema: JsonSchema) => schema.type === "null";

/** The options of a union, null left out (it is said as "| null"). */
function options(schema: JsonSchema): { options: JsonSchema[]; nullable: boolean } | null {
  const list = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (!list) return null;
  return { options: list.filter((o) => !isNull(o)), nullable: list.some(isNull) };
}

export function typeOf(schema: JsonSchema): TypeText {
  if (typeof schema.$ref === "string") return [{ text: refName(schema.$ref), ref: refName(schema.$ref) }];
  const union = options(schema);
  if (union) {
    const parts = union.options.flatMap((o, i) => (i === 0 ? typeOf(o) : [{ text: " | " }, ...typeOf(o)]));
    return union.nullable ? [...parts, { text: " | null" }] : parts;
  }
  if (Array.isArray(schema.enum)) return [{ text: schema.enum.map((v) => JSON.stringify(v)).join(" | ") }];
  if (schema.const !== undefined) return [{ text: JSON.stringify(schema.const) }];
  if (Array.isArray(schema.type)) return [{ text: (schema.type as string[]).join(" | ") }];
  switch (schema.type) {
    case "array":
      if (Array.isArray(schema.prefixItems)) {
        const items = (schema.prefixItems as JsonSchema[]).flatMap((item, i) => (i === 0 ? typeOf(item) : [{ text: ", " }, ...typeOf(item)]));
        return [{ text: "[" }, ...items, { text: "]" }];
      }
      return [...typeOf((schema.items as JsonSchema) ?? {}), { text: "[]" }];
    case "object":
      return [{ text: schema.properties ? "object" : "object (any JSON)" }];
    case "integer":
    case "number":
    case "boolean":
    case "null":
      return [{ text: schema.type }];
    case "string":
      return [{ text: schema.format === "date-time" ? "string (date-time)" : "string" }];
    default:
      return [{ text: "any JSON" }];
  }
}

/** What the schema states beyond its type: default, bounds, pattern. */
export function notesOf(schema: JsonSchema): string[] {
  const notes: string[] = [];
  const union = options(schema);
  const base = union?.options.length === 1 ? union.options[0] : schema;
  const add = (cond: unknown, text: string) => cond !== undefined && notes.push(text);
  add(schema.default, `default ${JSON.stringify(schema.default)}`);
  add(base.minLength, `min length ${String(base.minLength)}`);
  add(base.maxLength, `max length ${String(base.maxLength)}`);
  if (typeof base.minimum === "number" && Math.abs(base.minimum) !== SAFE_INTEGER) notes.push(`≥ ${base.minimum}`);
  if (typeof base.exclusiveMinimum === "number") notes.push(`> ${base.exclusiveMinimum}`);
  if (typeof base.maximum === "number" && Math.abs(base.maximum) !== SAFE_INTEGER) notes.push(`≤ ${base.maximum}`);
  add(base.minItems, `at least ${String(base.minItems)} items`);
  add(base.maxItems, `at most ${String(base.maxItems)} items`);
  add(base.pattern, `pattern ${String(base.pattern)}`);
  return notes;
}

/** The object's properties (following arrays and nullable wrappers), or null. */
function propertiesOf(schema: JsonSchema): { properties: Record<string, JsonSchema>; required: string[] } | null {
  const union = options(schema);
  if (union && union.options.length === 1) return propertiesOf(union.options[0]);
  if (schema.type === "object" && schema.properties) {
    return { properties: schema.properties as Record<string, JsonSchema>, required: (schema.required as string[] | undefined) ?? [] };
  }
  return null;
}

function itemsOf(schema: JsonSchema): JsonSchema | null {
  const union = options(schema);
  if (union && union.options.length === 1) return itemsOf(union.options[0]);
  return schema.type === "array" && schema.items && !Array.isArray(schema.prefixItems) ? (schema.items as JsonSchema) : null;
}

/** Rows for an object schema's properties, nested ones flattened. */
export function schemaRows(schema: JsonSchema, prefix = ""): SchemaRow[] {
  const object = propertiesOf(schema);
  if (!object) return [];
  return Object.entries(object.properties).flatMap(([key, property]) => {
    const name = `${prefix}${key}`;
    const row: SchemaRow = {
      name,
      type: typeOf(property),
      required: object.required.includes(key),
      notes: notesOf(property),
      ...(typeof property.description === "string" ? { description: property.description } : {}),
    };
    const items = itemsOf(property);
    const nested = items ? schemaRows(items, `${name}[].`) : schemaRows(property, `${name}.`);
    return [row, ...nested];
  });
}
