/** The code that produces a run, for empty states: what to do next, concretely (the SDK in sdk/). */
export function SdkHint() {
  return (
    <pre className="mt-3 overflow-x-auto rounded-md border border-border bg-muted px-3 py-2 text-left font-mono text-xs leading-5 text-foreground">
      {`const client = createClient({ project: "my-project" });
await runExperiment({
  client,
  experimentName: "baseline",
  dataset: { datasetName: "support-qa" },
  task: (example) => callModel(example.input),
  evaluators: [exactMatch],
  configuration: { model: "gpt-4o-mini" },
});`}
    </pre>
  );
}
