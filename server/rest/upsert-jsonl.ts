// The one-shot upsert: a whole JSONL file in one streamed request body, for clients that do not
// speak the upsert protocol (curl, a few lines of Python). It reads the body line by line, maps
// each record to an example, and drives the same protocol in-process (lib/sync.ts over the caller).
import { z } from "zod";
import { datasetSelectorShape, descriptionSchema, exactlyOneDataset, upsertCommitResult, upsertModeSchema } from "@/lib/contracts";
import { readJsonl } from "@/lib/jsonl";
import { recordMappingSchema, RecordError, toExample, type MappedExample } from "@/lib/records";
import { SyncError, syncDataset } from "@/lib/sync";
import { badRequest } from "../errors";
import type { HandlerContext } from "./operation";

export const upsertJsonlInput = z
  .strictObject({
    ...datasetSelectorShape,
    ...recordMappingSchema.shape,
    mode: upsertModeSchema.default("mirror"),
    message: z.string().max(10_000).default(""),
    /** Used only when the upsert creates the dataset. */
    description: descriptionSchema.optional(),
  })
  .refine(exactlyOneDataset.check, { message: exactlyOneDataset.message });

export const upsertJsonlResult = upsertCommitResult.extend({
  /** Examples in the file. */
  examples: z.number().int(),
});

/** Bad lines listed in an error answer (all of them are counted). */
const LISTED_BAD_LINES = 100;

export async function upsertJsonl({ request, caller, input }: HandlerContext<z.output<typeof upsertJsonlInput>>) {
  if (!request.body) throw badRequest("the request body is empty: send the examples as JSONL, one JSON object per line");
  // An unknown project or dataset id is answered before a possibly large body is read.
  if (input.datasetId !== undefined) await caller.datasets.get({ datasetId: input.datasetId });
  const mapping = { sourceIdKey: input.sourceIdKey, inputKeys: input.inputKeys, outputKeys: input.outputKeys, metadataKeys: input.metadataKeys };
  const examples: MappedExample[] = [];
  const firstLine = new Map<string, number>();
  const bad: { line: number; message: string }[] = [];
  let badCount = 0;
  const reject = (line: number, message: string) => {
    badCount++;
    if (bad.length < LISTED_BAD_LINES) bad.push({ line, message });
  };

  for await (const entry of readJsonl(request.body)) {
    if (entry.error !== undefined) {
      reject(entry.line, entry.error);
      continue;
    }
    let example: MappedExample;
    try {
      example = toExample(entry.value, mapping, `line ${entry.line}`);
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      reject(entry.line, error.message);
      continue;
    }
    const first = firstLine.get(example.sourceId);
    if (first !== undefined) {
      reject(entry.line, `line ${entry.line}: duplicate source id ${JSON.stringify(example.sourceId)} (first on line ${first})`);
      continue;
    }
    firstLine.set(example.sourceId, entry.line);
    // Once a line is bad nothing will be written: keep reading only to report every bad line.
    if (badCount === 0) examples.push(example);
  }

  if (badCount > 0) {
    const shown = bad.slice(0, 3).map((b) => b.message).join("; ");
    throw badRequest(`${badCount} bad line${badCount === 1 ? "" : "s"}, nothing was written: ${shown}${badCount > 3 ? "; ..." : ""}`, {
      badLines: badCount,
      lines: bad,
    });
  }
  if (examples.length === 0) {
    throw badRequest("the request body has no records: send the examples as JSONL, one JSON object per line");
  }

  const dataset = input.datasetId !== undefined ? { datasetId: input.datasetId } : { datasetName: input.datasetName! };
  try {
    const result = await syncDataset({
      transport: caller.datasets,
      dataset,
      examples,
      mode: input.mode,
      message: input.message,
      ...(input.description === undefined ? {} : { description: input.description }),
    });
    return {
      datasetId: result.datasetId,
      versionId: result.versionId,
      versionNumber: result.versionNumber,
      summary: result.summary,
      noop: result.noop,
      examples: examples.length,
    };
  } catch (error) {
    if (error instanceof SyncError) throw badRequest(error.message, error.details);
    throw error;
  }
}
