import { RestError } from "./errors";
import { HTTP_METHODS, type RestOperation } from "./operation";

type Segment = { literal: string } | { param: string };

interface Route {
  operation: RestOperation;
  segments: Segment[];
}

export interface RouteMatch {
  operation: RestOperation;
  /** Path parameters by name, decoded. */
  params: Record<string, string>;
}

const PARAM = /^\{([a-z][a-z0-9_]*)\}$/;
const compiled = new WeakMap<readonly RestOperation[], Route[]>();

function compile(operations: readonly RestOperation[]): Route[] {
  let routes = compiled.get(operations);
  if (!routes) {
    const seen = new Set<string>();
    routes = operations.map((operation) => {
      const key = `${operation.method} ${operation.path.replace(/\{[^}]*\}/g, "{}")}`;
      if (seen.has(key)) throw new Error(`two operations answer ${key}`);
      seen.add(key);
      const segments = operation.path.split("/").map((part): Segment => {
        const match = PARAM.exec(part);
        return match ? { param: match[1] } : { literal: part };
      });
      return { operation, segments };
    });
    compiled.set(operations, routes);
  }
  return routes;
}

/** Literal segments outrank parameters, position by position: /datasets/upsert beats /datasets/{dataset_id}. */
function moreSpecific(a: Route, b: Route): boolean {
  for (let i = 0; i < a.segments.length; i++) {
    const aLiteral = "literal" in a.segments[i];
    const bLiteral = "literal" in b.segments[i];
    if (aLiteral !== bLiteral) return aLiteral;
  }
  return false;
}

function matchSegments(route: Route, parts: readonly string[]): Record<string, string> | null {
  if (route.segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const segment = route.segments[i];
    if ("literal" in segment) {
      if (segment.literal !== parts[i]) return null;
    } else {
      if (parts[i] === "") return null;
      params[segment.param] = parts[i];
    }
  }
  return params;
}

/** The operation answering `method pathname`: 404 for an unknown path, 405 (with Allow) for a known path. */
export function matchRoute(operations: readonly RestOperation[], method: string, pathname: string): RouteMatch {
  let parts: string[];
  try {
    parts = pathname.split("/").map(decodeURIComponent);
  } catch {
    throw new RestError("BAD_REQUEST", `the path '${pathname}' is not validly percent-encoded`);
  }
  let best: { route: Route; params: Record<string, string> } | null = null;
  const allowed = new Set<string>();
  for (const route of compile(operations)) {
    const params = matchSegments(route, parts);
    if (!params) continue;
    allowed.add(route.operation.method);
    if (route.operation.method === method && (!best || moreSpecific(route, best.route))) best = { route, params };
  }
  if (best) return { operation: best.route.operation, params: best.params };
  if (allowed.size > 0) {
    const allow = HTTP_METHODS.filter((m) => allowed.has(m));
    throw new RestError("METHOD_NOT_SUPPORTED", `${method} is not supported on ${pathname}; use ${allow.join(", ")}`, undefined, {
      allow: allow.join(", "),
    });
  }
  throw new RestError("NOT_FOUND", `no API route ${method} ${pathname}; see /api/openapi.json`);
}
