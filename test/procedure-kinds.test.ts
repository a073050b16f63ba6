import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { PROCEDURE_KINDS } from "@/lib/procedure-kinds";
import { PROCEDURE_KINDS_FILE, procedureKinds, renderProcedureKinds } from "@/scripts/gen-procedure-kinds";

describe("lib/procedure-kinds.ts", () => {
  it("lists every procedure of the app router with its kind (run `npm run gen:procedures` when this fails)", () => {
    expect(PROCEDURE_KINDS).toEqual(procedureKinds());
  });

  it("is exactly what the generator writes", () => {
    expect(fs.readFileSync(PROCEDURE_KINDS_FILE, "utf8")).toBe(renderProcedureKinds(procedureKinds()));
  });

  it("names queries and mutations as the SDK calls them", () => {
    expect(PROCEDURE_KINDS["datasets.list"]).toBe("query");
    expect(PROCEDURE_KINDS["datasets.upsertCommit"]).toBe("mutation");
  });
});
