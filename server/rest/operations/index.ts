import type { RestOperation } from "../operation";
import { compareOperations } from "./compare";
import { datasetOperations } from "./datasets";
import { projectOperations } from "./projects";
import { runOperations } from "./runs";
import { upsertOperations } from "./upsert";
import { versionOperations } from "./versions";

/** Every operation of the REST surface: the handler routes by it and the OpenAPI document lists it. */
export const restOperations: readonly RestOperation[] = [
  ...projectOperations,
  ...datasetOperations,
  ...upsertOperations,
  ...versionOperations,
  ...runOperations,
  ...compareOperations,
];

/** Tag order and descriptions in the document. */
export const restTags: readonly { name: string; description: string }[] = [
  { name: "Projects", description: "The scope of everything else. Other operations act in the project named by the `x-cairn-project` header (a name or an id; absent: `default`)." },
  { name: "Datasets", description: "Named, versioned collections of examples, unique by name in a project." },
  { name: "Upsert", description: "Syncing a dataset with a file: only what changed is sent, and a version appears whole or not at all." },
  { name: "Versions", description: "Immutable, numbered states of a dataset: list, diff, export." },
  { name: "Examples", description: "A dataset's examples as they are at a version." },
  { name: "Runs", description: "Experiments against an exact dataset version and the datapoints they cover." },
  { name: "Results", description: "One result per (run, datapoint): output, error, latency, tokens, cost and scores." },
  { name: "Metrics", description: "Per (run, name, dataset) values; score aggregates are metrics too." },
  { name: "Compare", description: "Runs side by side, with deltas to a baseline run." },
];
