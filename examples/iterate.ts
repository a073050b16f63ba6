// Iterating on a dataset with Cairn, end to end:
//   1. sync version 1 of a small QA dataset from records (as you would from a JSONL file in git),
//   2. run an experiment on it with an evaluator,
//   3. sync version 2 (one example changed, one added, one removed),
//   4. run the experiment again, pinned to version 2,
//   5. compare the two runs.
//
// Needs a running server: `npm start` (or set CAIRN_URL), then `npm run example`.
import { createClient, runExperiment, type ExperimentResult } from "../sdk";

const client = createClient(); // CAIRN_URL, CAIRN_PROJECT, CAIRN_API_KEY from the environment
const dataset = { datasetName: `capitals-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-")}` };

// Records as they sit in your file: `id` is the stable key that links versions together.
const v1 = [
  { id: "fr", input: { question: "What is the capital of France?" }, output: { answer: "Paris" } },
  { id: "de", input: { question: "What is the capital of Germany?" }, output: { answer: "Berlin" } },
  { id: "it", input: { question: "What is the capital of Italy?" }, output: { answer: "Rome" } },
  { id: "au", input: { question: "What is the capital of Australia?" }, output: { answer: "Sydney" } }, // wrong on purpose
];
const v2 = [
  ...v1.filter((record) => record.id !== "it" && record.id !== "au"), // "it" is removed
  { id: "au", input: { question: "What is the capital of Australia?" }, output: { answer: "Canberra" } }, // fixed
  { id: "jp", input: { question: "What is the capital of Japan?" }, output: { answer: "Tokyo" } }, // added
];

// The system under test: a stand-in for a model call.
const knowledge: Record<string, string> = { France: "Paris", Germany: "Berlin", Italy: "Rome", Australia: "Canberra", Japan: "Kyoto" };
async function answerQuestion(example: { input: { question: string } }) {
  const country = /capital of (\w+)/.exec(example.input.question)?.[1] ?? "";
  return { answer: knowledge[country] ?? "I don't know" };
}

// Evaluators score one output against the example's expected output; the function name is the score name.
function exactMatch({ output, expected }: { output: { answer: string }; expected: Record<string, unknown> }) {
  return output.answer === expected.answer;
}

async function experiment(name: string, version: { datasetId: string; versionId: string | null }): Promise<ExperimentResult> {
  return runExperiment({
    client,
    experimentName: name,
    dataset: version,
    task: answerQuestion,
    evaluators: [exactMatch],
    configuration: { model: "lookup-table", temperature: 0 },
  });
}

function printMetrics(result: ExperimentResult) {
  const { run, metrics } = result;
  console.log(`\nrun "${run.name}" on ${run.datasetName} v${run.datasetVersionNumber}: ${run.status}`);
  for (const group of metrics.groups) {
    for (const metric of group.metrics) console.log(`  ${metric.name.padEnd(22)} ${Number(metric.value.toFixed(3))}`);
  }
}

const upsertV1 = await client.datasets.upsertDataset({ dataset, examples: v1, sourceIdKey: "id", message: "first cut" });
console.log(`${dataset.datasetName} v${upsertV1.versionNumber}:`, upsertV1.summary);
const run1 = await experiment("baseline", upsertV1);

const upsertV2 = await client.datasets.upsertDataset({ dataset, examples: v2, sourceIdKey: "id", message: "fix Australia, add Japan, drop Italy" });
console.log(`${dataset.datasetName} v${upsertV2.versionNumber}:`, upsertV2.summary, `(${upsertV2.bytesSent} bytes sent vs ${upsertV1.bytesSent} for v1)`);
const run2 = await experiment("after-fixes", upsertV2);

printMetrics(run1);
printMetrics(run2);

// Compare: per metric, each run's value and its delta to the baseline; per score, rows improved / regressed.
const summary = await client.compare.summary({ runIds: [run1.run.id, run2.run.id] });
console.log("\ncompare (baseline: first run)");
for (const metric of summary.metrics) {
  const [base, other] = metric.values;
  const delta = other.delta === null ? "" : ` (${other.delta >= 0 ? "+" : ""}${Number(other.delta.toFixed(3))})`;
  console.log(`  ${metric.name.padEnd(22)} ${base.value === null ? "-" : Number(base.value.toFixed(3))} -> ${other.value === null ? "-" : Number(other.value.toFixed(3))}${delta}`);
}
for (const score of summary.scores) {
  for (const run of score.runs) {
    console.log(`  ${score.name}: ${run.improved} improved, ${run.regressed} regressed, ${run.unchanged} unchanged of ${run.compared} examples both runs saw`);
  }
}
