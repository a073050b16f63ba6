import { sql } from "drizzle-orm";
import { driverOf, jsonbBytesParam, jsonbParam, rows, type Db } from "@/db";
import type { UpsertPayloadExample } from "@/lib/contracts";
import { nameIds } from "@/lib/source-ids";
import { badRequest, notFound, pgErrorCode } from "../errors";
import { entryDigest } from "./manifest-buckets";
import { mintBase, mintedId } from "./minted-ids";
import type { UpsertSession } from "./upsert";
import { lockSession } from "./upsert-lock";
import { payloadRecords } from "./upsert-payload-records";

// A first import whose manifest comes with its payloads (upsertBegin's `manifestWithPayloads`).
// The dataset has no version, so every entry is needed and the manifest calls would only stage
// a row per entry to check the payloads against. Here each payload carries its entry's hash: the
// server hashes the content itself and rejects a mismatch, as it does against a staged manifest,
// and keeps the call's entries as one row (upsert_payload_entries). The commit checks that the
// calls cover the manifest, and writes the examples and their CREATE revisions from those rows.

/** Step 3 of such a session: checks and stores one payload call with its manifest entries. */
export async function addPayloadWithEntries(
  db: Db,
  session: UpsertSession & { payloadManifestSize: number },
  input: { examples: readonly UpsertPayloadExample[]; position?: number },
): Promise<{ stored: number }> {
  const { examples, position } = input;
  const size = session.payloadManifestSize;
  if (position === undefined) throw badRequest("position: required when the manifest comes with the payloads");
  const unhashed = examples.filter((e) => e.hash === undefined).map((e) => e.sourceId);
  if (unhashed.length) {
    throw badRequest(`hash: required for every example when the manifest comes with the payloads; missing for ${nameIds(unhashed)}`, {
      unhashed,
    });
  }
  if (position + examples.length > size) {
    throw badRequest(
      `position: entries ${position} to ${position + examples.length - 1} go past the manifest's ${size} entries (exampleCount at begin)`,
    );
  }
  const { bytes: records, hashes } = payloadRecords(examples);
  const mismatched = examples.filter((e) => hashes.get(e.sourceId) !== e.hash).map((e) => e.sourceId);
  if (mismatched.length) {
    throw badRequest(`payload rejected: content does not match the manifest hash for ${nameIds(mismatched)}`, {
      mismatched,
      unknown: [],
      unneeded: [],
    });
  }
  // The call's entries go as two small arrays, so that the contents stream from the records
  // into their table as a plain bulk insert does (no copy of the records kept for a second use).
  // A dataset without a version has no contents but those of open sessions: the contents go in
  // with a plain insert first (ON CONFLICT's speculative insertion cost ~4 µs per row on PGlite, ~0.4 s per 100k),
  // and only a chunk that meets a hash already stored (the same content twice, another session's
  // upload) is written again, keeping what is there.
  const driver = driverOf(db);
  const statement = (onConflict: boolean) => sql`
        WITH locked AS MATERIALIZED (${lockSession(session.id)}), placed AS (
          INSERT INTO upsert_payload_entries (session_id, position, source_ids, hashes)
          SELECT locked.id, ${position},
                 ARRAY(SELECT jsonb_array_elements_text(${jsonbParam(JSON.stringify(examples.map((e) => e.sourceId)), driver)})),
                 ARRAY(SELECT jsonb_array_elements_text(${jsonbParam(JSON.stringify(examples.map((e) => e.hash)), driver)}))
          FROM locked
          ON CONFLICT (session_id, position) DO NOTHING
          RETURNING 1
        ), written AS (
          INSERT INTO example_contents (dataset_id, hash, input, output, metadata)
          SELECT ${session.datasetId}, h, input, output, metadata
          FROM jsonb_to_recordset(${jsonbBytesParam(records, driver)}) AS t(h text, input jsonb, output jsonb, metadata jsonb)
          WHERE EXISTS (SELECT 1 FROM placed)
          ${onConflict ? sql`ON CONFLICT (dataset_id, hash) DO NOTHING` : sql``}
        )
        SELECT (SELECT count(*) FROM locked)::int AS locked, (SELECT count(*) FROM placed)::int AS placed`;
  let answer: { locked: number; placed: number };
  try {
    [answer] = await rows<{ locked: number; placed: number }>(db, statement(false));
  } catch (error) {
    if (pgErrorCode(error) !== "23505") throw error;
    [answer] = await rows<{ locked: number; placed: number }>(db, statement(true));
  }
  if (answer.locked === 0) throw notFound("upsert session", session.id);
  // Contents are written only with the call's entries: with them, they are cleaned if the session is dropped.
  if (answer.placed === 0) throw badRequest(`position: a payload call at position ${position} was already received`);
  return { stored: examples.length };
}

/**
 * The commit's check: the session's payload calls cover the manifest's entries exactly once, in
 * order. A gap or an overlap is a BAD_REQUEST naming the places (nothing is written).
 */
export async function checkPayloadEntries(tx: Db, sessionId: string, size: number): Promise<void> {
  const calls = await rows<{ position: number; count: number }>(
    tx,
    sql`SELECT position, cardinality(source_ids) AS count FROM upsert_payload_entries WHERE session_id = ${sessionId} ORDER BY position`,
  );
  let next = 0;
  const missing: string[] = [];
  let missingCount = 0;
  for (const call of calls) {
    const position = Number(call.position);
    if (position < next) throw badRequest(`payload calls overlap: the one at position ${position} repeats entries before ${next}`);
    if (position > next) {
      missing.push(`${next}-${position - 1}`);
      missingCount += position - next;
    }
    next = position + Number(call.count);
  }
  if (next < size) {
    missing.push(`${next}-${size - 1}`);
    missingCount += size - next;
  }
  if (missingCount > 0) {
    throw badRequest(`payloads missing for ${missingCount} of the manifest's ${size} entries (positions ${missing.slice(0, 20).join(", ")})`, {
      count: missingCount,
    });
  }
}

/**
 * SQL: writes the session's entries, from its payload calls, as new examples (ordinals in manifest
 * order: the calls by position, the entries of each in order) and their CREATE revisions; answers
 * how many. The examples' ids are minted (minted-ids.ts) with the entry's position.
 */
export function insertFirstImport(datasetId: string, sessionId: string, version: number) {
  return sql`WITH minted AS MATERIALIZED (
               SELECT ${mintBase} AS base
             ), created AS (
               INSERT INTO examples (id, dataset_id, source_id, latest_hash, latest_digest)
               SELECT ${mintedId(sql`base`, sql`c.position + e.n - 1`)}, ${datasetId}, e.source_id, e.hash,
                      ${entryDigest(sql`e.source_id`, sql`e.hash`)}
               FROM minted, upsert_payload_entries c, unnest(c.source_ids, c.hashes) WITH ORDINALITY AS e(source_id, hash, n)
               WHERE c.session_id = ${sessionId}
               ORDER BY c.position, e.n
               RETURNING id, latest_hash
             ), revised AS (
               INSERT INTO example_revisions (example_id, dataset_id, valid_from, kind, hash)
               SELECT id, ${datasetId}, ${version}, 'CREATE', latest_hash FROM created
               RETURNING 1
             )
             SELECT count(*)::int AS created FROM revised`;
}

/** Source ids sent twice across a session's payload calls (the commit's unique violation), at most 100. */
export async function duplicatePayloadEntries(db: Db, sessionId: string): Promise<string[]> {
  const found = await rows<{ source_id: string }>(
    db,
    sql`SELECT source_id FROM upsert_payload_entries, unnest(source_ids) AS source_id
        WHERE session_id = ${sessionId} GROUP BY source_id HAVING count(*) > 1 ORDER BY source_id LIMIT 100`,
  );
  return found.map((row) => row.source_id);
}
