// Query and path parameters arrive as text; the contract says what each one is. A value that does
// not read as its type is passed on as text, so the contract's own error names it.
import { safeParse } from "zod";
import { defOf, objectShape, setOwn, unwrap, wireKeys, type Schema } from "./wire";

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/** One parameter's text value(s) as the schema's type: number, boolean, list, ... */
export function parseParam(schema: Schema, values: readonly string[]): unknown {
  const def = defOf(unwrap(schema, "input"));
  const single = values.length === 1 ? values[0] : undefined;
  switch (def.type) {
    case "number":
      return single !== undefined && NUMBER.test(single) ? Number(single) : (single ?? values);
    case "boolean":
      return single === "true" ? true : single === "false" ? false : (single ?? values);
    case "null":
      return single === "null" ? null : (single ?? values);
    case "array":
      return values.map((value) => parseParam(def.element!, [value]));
    case "union": {
      const options = def.options!;
      const list = options.find((option) => defOf(unwrap(option, "input")).type === "array");
      if (values.length > 1) return list ? parseParam(list, values) : values;
      for (const option of options) {
        if (option === list) continue;
        const value = parseParam(option, values);
        if (safeParse(option, value).success) return value;
      }
      return list ? parseParam(list, values) : single;
    }
    default:
      return single ?? values;
  }
}

/** `filter[regressions_only]` -> ["filter", "regressions_only"] (OpenAPI deepObject style). */
const DEEP = /^([^[\]]+)\[([^[\]]+)\]$/;

/**
 * The query string as a wire object (snake_case keys, typed values) of the input schema:
 * repeated parameters are lists, `name[key]=value` fills an object parameter.
 */
export function queryToWire(input: Schema | null, query: URLSearchParams): Record<string, unknown> {
  const shape = input ? objectShape(input, "input") : null;
  const fields = shape ? wireKeys(shape) : new Map<string, string>();
  const fieldSchema = (name: string) => {
    const key = fields.get(name);
    return key === undefined ? undefined : shape![key];
  };
  const grouped = new Map<string, string[]>();
  const deep = new Map<string, Map<string, string[]>>();
  for (const [name, value] of query) {
    const match = DEEP.exec(name);
    if (match && fieldSchema(match[1])) {
      const members = deep.get(match[1]) ?? new Map<string, string[]>();
      deep.set(match[1], members);
      members.set(match[2], [...(members.get(match[2]) ?? []), value]);
    } else grouped.set(name, [...(grouped.get(name) ?? []), value]);
  }
  const out: Record<string, unknown> = {};
  for (const [name, values] of grouped) {
    const schema = fieldSchema(name);
    setOwn(out, name, schema ? parseParam(schema, values) : values.length === 1 ? values[0] : values);
  }
  for (const [name, members] of deep) {
    const memberShape = objectShape(fieldSchema(name)!, "input");
    const memberFields = memberShape ? wireKeys(memberShape) : new Map<string, string>();
    const object: Record<string, unknown> = {};
    for (const [member, values] of members) {
      const key = memberFields.get(member);
      setOwn(object, member, key === undefined ? (values.length === 1 ? values[0] : values) : parseParam(memberShape![key], values));
    }
    setOwn(out, name, object);
  }
  return out;
}
