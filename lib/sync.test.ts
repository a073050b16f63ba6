import { describe, expect, it } from "vitest";
import { contentHash } from "./hash";
import { BUCKET_MIN_EXAMPLES, bucketDigests, bucketsDigest } from "./manifest-buckets";
import { compareCodePoints, manifestDigest } from "./manifest-digest";
import { syncDataset, SyncError, utf8Length, type SyncExample, type SyncTransport } from "./sync";

/** A scripted server: records every request body and answers as told. */
function scripted(options: { needed?: (ids: string[]) => string[]; commitErrors?: unknown[]; noopDigest?: string } = {}) {
  const calls: { name: string; body: string; input: unknown }[] = [];
  const commitErrors = [...(options.commitErrors ?? [])];
  let sessions = 0;
  const record = (name: string, input: unknown) => calls.push({ name, body: JSON.stringify(input), input });
  const transport: SyncTransport = {
    upsertBegin: async (input) => {
      record("begin", input);
      if (options.noopDigest !== undefined && input.manifestDigest === options.noopDigest) {
        const summary = { added: 0, updated: 0, deleted: 0, unchanged: input.exampleCount ?? 0 };
        return { sessionId: "", datasetId: "d", baseVersion: 4, created: false, noop: true, versionId: "v4", summary };
      }
      return { sessionId: `s${++sessions}`, datasetId: "d", baseVersion: 0, created: true };
    },
    upsertManifest: async (input) => {
      record("manifest", input);
      const ids = input.entries.map(([id]) => id);
      return { needed: options.needed ? options.needed(ids) : ids };
    },
    upsertPayload: async (input) => (record("payload", input), { stored: input.examples.length }),
    upsertCommit: async (input) => {
      record("commit", input);
      const error = commitErrors.shift();
      if (error) throw error;
      return { datasetId: "d", versionId: "v", versionNumber: 1, summary: { added: 1, updated: 0, deleted: 0, unchanged: 0 }, noop: false };
    },
    upsertAbort: async (input) => (record("abort", input), { sessionId: input.sessionId, aborted: true }),
  };
  return { transport, calls, names: () => calls.map((c) => c.name) };
}

const examples = (n: number, size = 10): SyncExample[] =>
  Array.from({ length: n }, (_, i) => ({ sourceId: `id-${i}`, input: { text: "é".repeat(size), i }, output: {}, metadata: {} }));

describe("syncDataset", () => {
  it("sends the manifest digest in begin; a no-op answer there ends the sync", async () => {
    const list = examples(30);
    const digest = await manifestDigest(
      list.map((e) => e.sourceId),
      await Promise.all(list.map((e) => contentHash(e))),
    );
    const server = scripted({ noopDigest: digest });
    const result = await syncDataset({ transport: server.transport, dataset: { datasetName: "x" }, examples: [...list].reverse() });
    expect(server.names()).toEqual(["begin"]);
    expect(server.calls[0].input).toMatchObject({ manifestDigest: digest, exampleCount: 30 });
    expect(result).toEqual({
      datasetId: "d",
      versionId: "v4",
      versionNumber: 4,
      summary: { added: 0, updated: 0, deleted: 0, unchanged: 30 },
      noop: true,
      bytesSent: utf8Length(server.calls[0].body),
      attempts: 1,
    });
    // Any other manifest: the full protocol.
    const other = scripted({ noopDigest: digest });
    await syncDataset({ transport: other.transport, dataset: { datasetName: "x" }, examples: list.slice(1) });
    expect(other.names()).toEqual(["begin", "manifest", "payload", "commit"]);
  });

  it("rejects duplicate source ids locally, naming them, before sending anything", async () => {
    const server = scripted();
    const list = [...examples(3), { sourceId: "id-1", input: {} }, { sourceId: "id-2", input: {} }, { sourceId: "id-2", input: {} }];
    const error = await syncDataset({ transport: server.transport, dataset: { datasetName: "x" }, examples: list }).catch((e) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect(error.code).toBe("DUPLICATE_SOURCE_IDS");
    expect(error.message).toContain('"id-1", "id-2"');
    expect(error.details).toEqual({ duplicates: ["id-1", "id-2"] });
    expect(server.calls).toEqual([]);
  });

  it("many examples of non-ASCII ids (hashed in batches, on the worker thread): the digest of the manifest, duplicates named before an invalid example", async () => {
    // Ids of every UTF-8 length (a surrogate pair too: codePointOrder then sorts with its comparator).
    for (const prefix of ["é-", "中-", "😀-", "\uE000-"]) {
      const list = examples(3_000).map((e, i) => ({ ...e, sourceId: i % 2 ? `${prefix}${i}` : `x${i}` }));
      const digest = await manifestDigest(
        list.map((e) => e.sourceId),
        await Promise.all(list.map((e) => contentHash(e))),
      );
      const server = scripted({ noopDigest: digest });
      const result = await syncDataset({ transport: server.transport, dataset: { datasetName: "x" }, examples: [...list].reverse() });
      expect(result.noop).toBe(true);

      const twice = [...list, list[2_999], list[7], list[7]];
      const error = await syncDataset({ transport: server.transport, dataset: { datasetName: "x" }, examples: twice }).catch((e) => e);
      expect(error.code).toBe("DUPLICATE_SOURCE_IDS");
      expect(error.details.duplicates).toEqual([list[7].sourceId, list[2_999].sourceId].sort((a, b) => (a < b ? -1 : 1)));
      const invalid = [...twice, { sourceId: "bad", input: { n: NaN } }];
      const first = await syncDataset({ transport: server.transport, dataset: { datasetName: "x" }, examples: invalid }).catch((e) => e);
      expect(first.code).toBe("DUPLICATE_SOURCE_IDS");
    }
  });

  it("a manifest of 20,000 entries or more sends its buckets digest in begin instead (no sort of the ids); duplicates are named in code point order", async () => {
    const list = examples(BUCKET_MIN_EXAMPLES, 2).map((e, i) => ({ ...e, sourceId: i % 3 ? `é-${i}` : `😀-${i}` }));
    const ids = list.map((e) => e.sourceId);
    const hashes = await Promise.all(list.map((e) => contentHash(e)));
    const server = scripted();
    await syncDataset({ transport: server.transport, dataset: { datasetName: "x" }, examples: list });
    expect(server.calls[0].input).toEqual(expect.objectContaining({ bucketsDigest: await bucketsDigest(bucketDigests(ids, hashes, 4)!, list.length), exampleCount: list.length }));
    expect(server.calls[0].input).not.toHaveProperty("manifestDigest");
    // Without buckets: the manifest digest.
    const whole = scripted();
    await syncDataset({ transport: whole.transport, dataset: { datasetName: "x" }, examples: list, buckets: false });
    expect(whole.calls[0].input).toEqual(expect.objectContaining({ manifestDigest: await manifestDigest(ids, hashes) }));
    expect(whole.calls[0].input).not.toHaveProperty("bucketsDigest");

    const twice = [...list, list[9], list[7], list[7], list[19_999]];
    const error = await syncDataset({ transport: server.transport, dataset: { datasetName: "x" }, examples: twice }).catch((e) => e);
    expect(error.code).toBe("DUPLICATE_SOURCE_IDS");
    expect(error.details.duplicates).toEqual([list[7], list[9], list[19_999]].map((e) => e.sourceId).sort(compareCodePoints));
  });

  it("by buckets (ids read as the examples are hashed): an invalid id, then duplicates, come before invalid content, as where ids are read first", async () => {
    // 25,076 examples: three batches on the worker thread (the last 500 join the third).
    const list = examples(BUCKET_MIN_EXAMPLES + 5_076, 2);
    const sync = (some: unknown[]) => {
      const server = scripted();
      return syncDataset({ transport: server.transport, dataset: { datasetName: "x" }, examples: some as SyncExample[] }).then(
        () => server.calls,
        (error: unknown) => ({ error, calls: server.calls }),
      );
    };
    for (const at of [3, 10_000, 25_000]) {
      for (const bad of [{ ...list[at], sourceId: "" }, { ...list[at], sourceId: 5 }, null]) {
        // Invalid content before the invalid id: the id is the error.
        const some = list.map((e, i) => (i === at ? bad : i === 1 ? { ...e, input: { n: NaN } } : e));
        const { error, calls } = (await sync(some)) as { error: SyncError; calls: unknown[] };
        expect(error.code).toBe("INVALID_EXAMPLE");
        expect(error.message).toBe(`example ${at}: sourceId must be a non-empty string`);
        expect(error.details).toEqual({ index: at });
        expect(calls).toEqual([]);
      }
    }
    const twice = [...list, list[24_999], list[4]];
    const found = (await sync(twice)) as { error: SyncError; calls: unknown[] };
    expect(found.error.code).toBe("DUPLICATE_SOURCE_IDS");
    expect(found.error.details).toEqual({ duplicates: [list[24_999].sourceId, list[4].sourceId].sort(compareCodePoints) });
    expect(found.calls).toEqual([]);
    const withInvalid = (await sync([...twice.slice(0, 7), { sourceId: "z", input: { n: Infinity } }, ...twice.slice(7)])) as { error: SyncError };
    expect(withInvalid.error.code).toBe("DUPLICATE_SOURCE_IDS");
    // Content alone: named as before.
    const content = (await sync(list.map((e, i) => (i === 20_001 ? { ...e, input: { n: NaN } } : e)))) as { error: SyncError };
    expect(content.error.code).toBe("INVALID_EXAMPLE");
    expect(content.error.message).toContain('example "id-20001": $.input.n: NaN is not valid JSON');
  });

  it("names the example and path of content that cannot be hashed", async () => {
    const server = scripted();
    const list = [...examples(2500), { sourceId: "broken", input: { deep: [1, Infinity] } }];
    const error = await syncDataset({ transport: server.transport, dataset: { datasetName: "x" }, examples: list }).catch((e) => e);
    expect(error.code).toBe("INVALID_EXAMPLE");
    expect(error.message).toBe('example "broken": $.input.deep[1]: Infinity is not valid JSON');
    expect(server.calls).toEqual([]);
  });

  it("hashes implicitly, chunks the manifest, uploads only needed payloads within bounds, measures bytes", async () => {
    const list = examples(1000, 300);
    const server = scripted({ needed: (ids) => ids.filter((_, i) => i % 2 === 0) });
    const progress: string[] = [];
    const result = await syncDataset({
      transport: server.transport,
      dataset: { datasetId: "d" },
      examples: list,
      manifestChunk: 300,
      payloadChunkBytes: 50_000,
      payloadChunkCount: 60,
      onProgress: (p) => progress.push(`${p.phase} ${p.done}/${p.total}`),
    });
    const manifests = server.calls.filter((c) => c.name === "manifest").map((c) => c.input as { entries: [string, string][] });
    expect(manifests.map((m) => m.entries.length)).toEqual([300, 300, 300, 100]);
    expect(manifests[0].entries[5]).toEqual(["id-5", await contentHash(list[5])]);
    const payloads = server.calls.filter((c) => c.name === "payload");
    const sent = payloads.flatMap((c) => (c.input as { examples: SyncExample[] }).examples.map((e) => e.sourceId));
    expect(sent).toEqual(list.filter((_, i) => i % 2 === 0).map((e) => e.sourceId));
    for (const call of payloads) {
      expect((call.input as { examples: unknown[] }).examples.length).toBeLessThanOrEqual(60);
      expect(utf8Length(call.body)).toBeLessThanOrEqual(50_000 + 100);
    }
    expect(result.bytesSent).toBe(server.calls.reduce((sum, c) => sum + utf8Length(c.body), 0));
    expect(result).toMatchObject({ versionNumber: 1, attempts: 1 });
    expect(progress).toEqual(expect.arrayContaining(["hashing 1000/1000", "planning 1000/1000", "uploading 500/500", "committing 1/1"]));
  });

  it("measures payload bytes exactly from the canonical texts, whatever the content (on this thread and on the worker)", async () => {
    const odd = (i: number): SyncExample => ({
      sourceId: [`q"${i}`, `é\n${i}`, `😀${i}`, `${i}`][i % 4],
      input: { z: [1e21, -0, 0.1, 5e-7, true, null, { b: "\u2028", a: "\"\\\u0001" }], a: { deep: { er: `x${i}` } }, skip: undefined },
      ...(i % 3 === 0 ? {} : { output: { "😀": "y", "10": 1, "9": 2 } }),
      ...(i % 5 === 0 ? { metadata: null } : { metadata: { m: [] } }),
    });
    for (const n of [50, 3_000]) {
      const server = scripted();
      const result = await syncDataset({ transport: server.transport, dataset: { datasetId: "d" }, examples: Array.from({ length: n }, (_, i) => odd(i)) });
      expect(server.calls.filter((c) => c.name === "payload").length).toBeGreaterThan(0);
      expect(result.bytesSent).toBe(server.calls.reduce((sum, c) => sum + utf8Length(c.body), 0));
    }
  });

  it("uses precomputed hashes as given and checks them", async () => {
    const list = examples(3);
    const hashes = ["a", "b", "c"].map((c) => c.repeat(64));
    const server = scripted({ needed: () => [] });
    await syncDataset({ transport: server.transport, dataset: { datasetName: "x" }, examples: list, hashes });
    expect((server.calls[1].input as { entries: unknown }).entries).toEqual(list.map((e, i) => [e.sourceId, hashes[i]]));
    const wrong = await syncDataset({ transport: scripted().transport, dataset: { datasetName: "x" }, examples: list, hashes: hashes.slice(1) }).catch(
      (e) => e,
    );
    expect(wrong.code).toBe("INVALID_OPTIONS");
  });

  it("re-plans from scratch on CONFLICT, a bounded number of times", async () => {
    const conflict = Object.assign(new Error("stale"), { code: "CONFLICT" });
    const server = scripted({ commitErrors: [conflict, { data: { code: "CONFLICT" } }] });
    const result = await syncDataset({ transport: server.transport, dataset: { datasetName: "x" }, examples: examples(2) });
    expect(result.attempts).toBe(3);
    expect(server.names().filter((n) => n === "begin")).toHaveLength(3);
    expect(server.names().filter((n) => n === "manifest")).toHaveLength(3);

    const always = scripted({ commitErrors: [conflict, conflict, conflict] });
    const error = await syncDataset({ transport: always.transport, dataset: { datasetName: "x" }, examples: examples(2), maxConflictRetries: 2 }).catch(
      (e) => e,
    );
    expect(error).toBe(conflict);
    expect(always.names().filter((n) => n === "begin")).toHaveLength(3);
  });

  it("aborts the session on any other failure and rethrows it", async () => {
    const broken = Object.assign(new Error("boom"), { code: "BAD_REQUEST" });
    const server = scripted({ commitErrors: [broken] });
    const error = await syncDataset({ transport: server.transport, dataset: { datasetName: "x" }, examples: examples(1) }).catch((e) => e);
    expect(error).toBe(broken);
    expect(server.names()).toEqual(["begin", "manifest", "payload", "commit", "abort"]);
  });

  it("keeps at most payloadConcurrency chunks in flight, and stops at the first failed one", async () => {
    let active = 0;
    let peak = 0;
    let calls = 0;
    const aborted: string[] = [];
    const server = scripted();
    const transport: SyncTransport = {
      ...server.transport,
      upsertPayload: async (input) => {
        calls++;
        active++;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 5));
        active--;
        if (calls === 4) throw Object.assign(new Error("disk full"), { code: "INTERNAL_SERVER_ERROR" });
        return { stored: input.examples.length };
      },
      upsertAbort: async (input) => (aborted.push(input.sessionId), { sessionId: input.sessionId, aborted: true }),
    };
    const error = await syncDataset({ transport, dataset: { datasetName: "x" }, examples: examples(100), payloadChunkCount: 10, payloadConcurrency: 3 }).catch(
      (e) => e,
    );
    expect(error.message).toBe("disk full");
    expect(peak).toBe(3);
    expect(calls).toBeLessThan(10);
    expect(active).toBe(0);
    expect(aborted).toEqual(["s1"]);
  });

  it("uploads payloads while the manifest is still being planned, unless a plan is to be confirmed first", async () => {
    const slowManifest = (server: ReturnType<typeof scripted>): SyncTransport => ({
      ...server.transport,
      upsertManifest: async (input) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        return server.transport.upsertManifest(input);
      },
    });
    const list = examples(400);
    const options = { dataset: { datasetName: "x" }, examples: list, manifestChunk: 100, payloadChunkCount: 25 };
    const piped = scripted();
    const phases: string[] = [];
    const result = await syncDataset({ ...options, transport: slowManifest(piped), onProgress: (p) => phases.push(p.phase) });
    const names = piped.names();
    expect(names.indexOf("payload")).toBeLessThan(names.lastIndexOf("manifest"));
    // Progress still goes phase after phase.
    expect([...new Set(phases)]).toEqual(["hashing", "planning", "uploading", "committing"]);
    expect(phases.indexOf("uploading")).toBeGreaterThan(phases.lastIndexOf("planning"));
    // Every payload once, in manifest order, within its bounds.
    const sent = piped.calls.filter((c) => c.name === "payload").flatMap((c) => (c.input as { examples: SyncExample[] }).examples.map((e) => e.sourceId));
    expect(sent).toEqual(list.map((e) => e.sourceId));
    expect(result.bytesSent).toBe(piped.calls.reduce((sum, c) => sum + utf8Length(c.body), 0));

    const confirmed = scripted();
    await syncDataset({ ...options, transport: slowManifest(confirmed), onPlan: () => true });
    const order = confirmed.names();
    expect(order.indexOf("payload")).toBeGreaterThan(order.lastIndexOf("manifest"));

    // A payload that fails while planning goes on stops the planning; the session is aborted.
    const failing = scripted();
    const transport: SyncTransport = {
      ...slowManifest(failing),
      upsertPayload: async () => {
        throw Object.assign(new Error("disk full"), { code: "INTERNAL_SERVER_ERROR" });
      },
    };
    const error = await syncDataset({ ...options, transport }).catch((e) => e);
    expect(error.message).toBe("disk full");
    expect(failing.names().filter((n) => n === "manifest").length).toBeLessThan(4);
    expect(failing.names().at(-1)).toBe("abort");
  });

  it("counts UTF-8 bytes", () => {
    expect(utf8Length("abc")).toBe(3);
    expect(utf8Length("é")).toBe(2);
    expect(utf8Length("✓")).toBe(3);
    expect(utf8Length("🙂")).toBe(4);
    expect(utf8Length("a🙂é")).toBe(new TextEncoder().encode("a🙂é").length);
  });
});
