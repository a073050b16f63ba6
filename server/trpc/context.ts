import type { Database } from "@/db";

/** Who is calling. For now the local single user; accounts and API keys slot in here later. */
export type Principal = { kind: "local"; id: "local" };

export interface Context {
  database: Database;
  principal: Principal;
  /** The raw `x-cairn-project` header (a name or an id); absent -> the default project. */
  projectRef: string | null;
}

export const PROJECT_HEADER = "x-cairn-project";

export function createContext(database: Database, headers: Headers): Context {
  const ref = headers.get(PROJECT_HEADER);
  return {
    database,
    principal: { kind: "local", id: "local" },
    projectRef: ref && ref.trim() ? decodeURIComponent(ref.trim()) : null,
  };
}
