import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { expect, test } from "@playwright/test";
import { canonicalize, contentHash, contentText, webCryptoSha256Hex } from "../lib/hash";

// The browser (Chromium, Web Crypto) and Node (node:crypto) must hash examples identically: the
// upsert protocol compares hashes made on either side with the server's. lib/hash.ts is bundled as
// the browser gets it and run in a real page, on the shared vectors.

const vectors = path.resolve(import.meta.dirname, "..", "test", "fixtures", "vectors");

interface HashVector {
  name: string;
  example: string;
  canonical: string;
  sha256: string;
}
const hashVectors = (JSON.parse(fs.readFileSync(path.join(vectors, "example-hash.json"), "utf8")) as { vectors: HashVector[] }).vectors;

// The edge cases at the top of the file, then every 15th of the random bit patterns.
const numberLines = fs.readFileSync(path.join(vectors, "es6-numbers.txt"), "utf8").split("\n").filter(Boolean);
const numberSample = numberLines.filter((_, i) => i < 100 || i % 15 === 0).map((line) => line.split(",") as [string, string]);

function doubleFromHex(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

interface BrowserHash {
  canonicalize(value: unknown): string;
  contentText(example: unknown): string;
  contentHash(example: unknown): Promise<string>;
}

test("the browser bundle and Node agree on canonical text and sha256 for the shared vectors", async ({ page }) => {
  test.setTimeout(60_000);
  const bundle = await build({
    entryPoints: [path.resolve(import.meta.dirname, "..", "lib", "hash.ts")],
    bundle: true,
    format: "iife",
    globalName: "CairnHash",
    platform: "browser",
    target: "es2022",
    write: false,
  });
  const script = bundle.outputFiles[0].text;
  // No module system in a page: nothing may be left to require or import.
  expect(script).not.toMatch(/\brequire\(|\bimport\s*\(|\bfrom\s*["']/);

  // An http://127.0.0.1 page is a secure context, so crypto.subtle exists as in the real app.
  await page.goto("/api/health");
  await page.addScriptTag({ content: script });

  const inBrowser = await page.evaluate(
    async ({ examples, hexes }) => {
      const hash = (globalThis as unknown as { CairnHash: BrowserHash }).CairnHash;
      const toDouble = (hex: string) => {
        const view = new DataView(new ArrayBuffer(8));
        view.setBigUint64(0, BigInt(`0x${hex}`));
        return view.getFloat64(0);
      };
      return {
        // No Node in the page: lib/hash.ts must have taken its Web Crypto path.
        hasProcess: typeof (globalThis as { process?: unknown }).process !== "undefined",
        examples: await Promise.all(
          examples.map(async (text) => {
            const example = JSON.parse(text) as unknown;
            return { canonical: hash.contentText(example), sha256: await hash.contentHash(example) };
          }),
        ),
        numbers: await Promise.all(
          hexes.map(async (hex) => {
            const value = toDouble(hex);
            return { text: hash.canonicalize(value), sha256: await hash.contentHash({ input: { value }, output: { list: [value, -value] } }) };
          }),
        ),
      };
    },
    { examples: hashVectors.map((v) => v.example), hexes: numberSample.map(([hex]) => hex) },
  );
  expect(inBrowser.hasProcess).toBe(false);

  // Node, through node:crypto (and Web Crypto as a cross-check).
  for (const [i, vector] of hashVectors.entries()) {
    const example = JSON.parse(vector.example) as { input: unknown };
    const node = { canonical: contentText(example), sha256: await contentHash(example) };
    expect(node, `Node: ${vector.name}`).toEqual({ canonical: vector.canonical, sha256: vector.sha256 });
    expect(await webCryptoSha256Hex(vector.canonical), `Node Web Crypto: ${vector.name}`).toBe(vector.sha256);
    expect(inBrowser.examples[i], `Chromium: ${vector.name}`).toEqual(node);
  }

  expect(numberSample.length).toBeGreaterThan(250);
  const mismatches: string[] = [];
  for (const [i, [hex, expected]] of numberSample.entries()) {
    const value = doubleFromHex(hex);
    const nodeHash = await contentHash({ input: { value }, output: { list: [value, -value] } });
    const browser = inBrowser.numbers[i];
    if (canonicalize(value) !== expected || browser.text !== expected || browser.sha256 !== nodeHash) {
      mismatches.push(`${hex}: expected ${expected}, Node ${canonicalize(value)}, Chromium ${browser.text}; hashes ${nodeHash} / ${browser.sha256}`);
    }
  }
  expect(mismatches).toEqual([]);
});
