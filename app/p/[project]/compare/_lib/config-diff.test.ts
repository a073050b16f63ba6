import { describe, expect, it } from "vitest";
import { diffConfigurations, flatten } from "./config-diff";

describe("configuration diff", () => {
  it("flattens nested objects to dotted paths, keeping arrays and empty objects as values", () => {
    expect([...flatten({ model: "m", prompt: { version: 3, tags: ["a"] }, extra: {} })]).toEqual([
      ["model", "m"],
      ["prompt.version", 3],
      ["prompt.tags", ["a"]],
      ["extra", {}],
    ]);
  });

  it("marks the keys whose values differ or are missing in a run, whatever the key order", () => {
    const rows = diffConfigurations([
      { model: "m", temperature: 0.2, prompt: { version: 3, style: "concise" }, stop: { a: 1, b: 2 } },
      { model: "m", temperature: 0.7, prompt: { style: "concise", version: 4 }, stop: { b: 2, a: 1 }, seed: 7 },
    ]);
    expect(rows.map((r) => [r.path, r.differs])).toEqual([
      ["model", false],
      ["prompt.style", false],
      ["prompt.version", true],
      ["seed", true],
      ["stop.a", false],
      ["stop.b", false],
      ["temperature", true],
    ]);
    expect(rows.find((r) => r.path === "seed")!.values).toEqual([
      { present: false, value: undefined },
      { present: true, value: 7 },
    ]);
  });

  it("tells a null from a missing key, and equal arrays apart from reordered ones", () => {
    const rows = diffConfigurations([{ a: null, list: [1, 2] }, { list: [2, 1] }, { a: null, list: [1, 2] }]);
    expect(rows.map((r) => [r.path, r.differs])).toEqual([
      ["a", true],
      ["list", true],
    ]);
    expect(diffConfigurations([{}, {}])).toEqual([]);
  });
});
