import { expect, test, type Page } from "@playwright/test";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import { syncDataset, type SyncTransport } from "@/lib/sync";
import type { AppRouter } from "@/server/routers";
import { screenshot as saveScreenshot } from "./screenshot";

/**
 * Runs, a run, and compare, against `next start` on a fresh database. The data is seeded over
 * HTTP through tRPC, as the SDK would: a dataset synced with the upsert protocol, then runs with
 * results, boolean and numeric scores, completed (which computes their metrics).
 */
const PROJECT = "default";
const DATASET = "support-qa";

interface Seeded {
  datasetId: string;
  baseline: { id: string; name: string };
  candidate: { id: string; name: string };
  subset: { id: string; name: string };
}

// Per example: [question, expected answer, baseline f1, candidate f1].
// Candidate vs baseline on f1: q1, q4, q5 improve; q3, q6 regress; q2 is unchanged.
const EXAMPLES: Array<[string, string, number, number]> = [
  ["How do I reset my password?", "Use 'Forgot password' on the sign-in page.", 0.9, 0.95],
  ["Can I change my plan mid-cycle?", "Yes, the difference is prorated.", 0.8, 0.8],
  ["Where do I find invoices?", "Settings → Billing → Invoices.", 0.7, 0.3],
  ["Is there an API rate limit?", "1,000 requests per minute per key.", 0.4, 0.7],
  ["How do I delete my account?", "Settings → Account → Delete account.", 0.6, 0.9],
  ["Do you support SSO?", "Yes, SAML and OIDC on the Business plan.", 0.9, 0.5],
];

function client(baseURL: string) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${baseURL}/api/trpc`, transformer: superjson, headers: { "x-cairn-project": PROJECT } })],
  });
}

const NAMES = { baseline: "baseline-gpt-4o-mini", candidate: "candidate-prompt-v4", subset: "smoke-3" } as const;

async function seed(baseURL: string): Promise<Seeded> {
  const api = client(baseURL);
  // A worker restarted after a failure runs beforeAll again: reuse what the first one wrote.
  const existing = new Map((await api.runs.list.query({ includeDatapointIds: false })).items.map((r) => [r.name, r]));
  const found = (name: string) => {
    const run = existing.get(name);
    return run ? { id: run.id, name } : null;
  };
  const [b, c, s] = [found(NAMES.baseline), found(NAMES.candidate), found(NAMES.subset)];
  if (b && c && s) return { datasetId: existing.get(NAMES.baseline)!.datasetId!, baseline: b, candidate: c, subset: s };

  const transport: SyncTransport = {
    upsertBegin: (input) => api.datasets.upsertBegin.mutate(input),
    upsertManifest: (input) => api.datasets.upsertManifest.mutate(input),
    upsertPayload: (input) => api.datasets.upsertPayload.mutate(input),
    upsertCommit: (input) => api.datasets.upsertCommit.mutate(input),
    upsertAbort: (input) => api.datasets.upsertAbort.mutate(input),
  };
  const synced = await syncDataset({
    transport,
    dataset: { datasetName: DATASET },
    description: "Support questions with reference answers",
    message: "first import",
    examples: EXAMPLES.map(([question, answer], i) => ({
      sourceId: `q${i + 1}`,
      input: { question },
      output: { answer },
      metadata: { topic: i % 2 ? "billing" : "account" },
    })),
  });
  expect(synced.versionNumber).toBe(1);
  const page = await api.examples.list.query({ datasetId: synced.datasetId, version: 1 });
  const ids = new Map(page.items.map((e) => [e.sourceId!, e.id]));

  const record = async (
    name: string,
    configuration: Record<string, unknown>,
    f1Of: (row: (typeof EXAMPLES)[number]) => number,
    only?: string[],
  ) => {
    const sourceIds = only ?? EXAMPLES.map((_, i) => `q${i + 1}`);
    const run = await api.runs.create.mutate({
      name,
      datasetId: synced.datasetId,
      status: "running",
      configuration,
      metadata: { commit: "a1b2c3d", triggeredBy: "e2e" },
      ...(only ? { datapointIds: only.map((s) => ids.get(s)!) } : {}),
    });
    await api.results.record.mutate({
      runId: run.id,
      results: sourceIds.map((sourceId) => {
        const row = EXAMPLES[Number(sourceId.slice(1)) - 1];
        const f1 = f1Of(row);
        return {
          datapointId: ids.get(sourceId)!,
          output: { answer: f1 >= 0.75 ? row[1] : `Not sure — maybe check the docs about "${row[0].toLowerCase()}"` },
          latencyMs: 200 + Math.round(f1 * 400),
          totalTokens: 120,
          scores: [
            { name: "f1", value: f1 },
            { name: "exact", value: f1 >= 0.75, explanation: f1 >= 0.75 ? "matches the reference" : "differs from the reference" },
          ],
        };
      }),
    });
    const completed = await api.runs.update.mutate({ id: run.id, status: "completed" });
    expect(completed.status).toBe("completed");
    return { id: run.id, name };
  };

  const baseline = await record(NAMES.baseline, { model: "gpt-4o-mini", temperature: 0.2, prompt: { version: 3, style: "concise" } }, (r) => r[2]);
  const candidate = await record(NAMES.candidate, { model: "gpt-4o-mini", temperature: 0.7, prompt: { version: 4, style: "concise" } }, (r) => r[3]);
  const subset = await record(NAMES.subset, { model: "gpt-4o", temperature: 0 }, (r) => r[3], ["q1", "q2", "q3"]);
  return { datasetId: synced.datasetId, baseline, candidate, subset };
}

/** Full-page screenshots from the top of the page (the sidebar is sticky to the viewport). */
async function screenshot(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await saveScreenshot(page, name);
}

let seeded: Seeded;

test.beforeAll(async ({ baseURL }) => {
  seeded = await seed(baseURL!);
});

const runsTable = (page: Page) => page.getByRole("table", { name: "Runs" });
const rowOf = (page: Page, name: string) => runsTable(page).getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });

test("the runs list shows each run with its dataset and version, filters and selects", async ({ page }) => {
  await page.goto(`/p/${PROJECT}/runs`);
  await expect(page.getByRole("heading", { level: 1, name: "Runs" })).toBeVisible();
  for (const name of [seeded.baseline.name, seeded.candidate.name, seeded.subset.name]) {
    const row = rowOf(page, name);
    await expect(row).toBeVisible();
    await expect(row.getByRole("link", { name: DATASET, exact: true })).toHaveAttribute("href", `/p/${PROJECT}/datasets/${seeded.datasetId}`);
    await expect(row.getByRole("link", { name: `${DATASET} version 1` })).toHaveAttribute("href", `/p/${PROJECT}/datasets/${seeded.datasetId}?version=1`);
    await expect(row.getByText("completed")).toBeVisible();
  }
  await expect(rowOf(page, seeded.baseline.name).getByRole("cell").nth(4)).toHaveText("6");
  await expect(rowOf(page, seeded.subset.name).getByRole("cell").nth(4)).toHaveText("3");
  // Headline metrics: computed on completion (a pass rate reads as a percentage).
  await expect(rowOf(page, seeded.baseline.name)).toContainText("exact.pass_rate 50.0%");
  await screenshot(page, "runs-list");

  // Filters live in the URL and survive a reload.
  await page.getByLabel("Search runs").fill("candidate");
  await expect(page).toHaveURL(/q=candidate/);
  await expect(runsTable(page).getByRole("row")).toHaveCount(2);
  await page.reload();
  await expect(page.getByLabel("Search runs")).toHaveValue("candidate");
  await expect(rowOf(page, seeded.candidate.name)).toBeVisible();
  await expect(rowOf(page, seeded.baseline.name)).toHaveCount(0);
  await page.getByLabel("Status").selectOption("failed");
  await expect(page.getByRole("heading", { name: "No runs match these filters" })).toBeVisible();
  await expect(page.getByLabel("Search runs")).toHaveValue("candidate");
  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await expect(page).toHaveURL(new RegExp(`/p/${PROJECT}/runs$`));
  await expect(page.getByLabel("Search runs")).toHaveValue("");
  await page.getByLabel("Dataset").selectOption({ label: DATASET });
  await expect(page).toHaveURL(new RegExp(`dataset=${seeded.datasetId}`));
  await expect(runsTable(page).getByRole("row")).toHaveCount(4);

  // A bad filter in a link: the API's message (naming the dataset) in place, the controls kept.
  await page.goto(`/p/${PROJECT}/runs?dataset=no-such-dataset&q=cand`);
  const alert = page.getByRole("alert").filter({ hasText: "Runs could not be loaded" });
  await expect(alert).toContainText("dataset 'no-such-dataset' not found");
  await expect(page.getByLabel("Search runs")).toHaveValue("cand");
  await screenshot(page, "runs-error");
  await page.getByLabel("Dataset").selectOption({ label: DATASET });
  await expect(rowOf(page, seeded.candidate.name)).toBeVisible();
  await page.getByRole("button", { name: "Clear filters" }).first().click();
  await page.getByLabel("Dataset").selectOption({ label: DATASET });
  await expect(runsTable(page).getByRole("row")).toHaveCount(4);

  // Select two runs (keyboard: Space on a checkbox) -> Compare.
  const compare = page.getByRole("link", { name: /^Compare \d runs$/ });
  await expect(page.getByRole("button", { name: "Compare", exact: true })).toBeDisabled();
  await page.getByRole("checkbox", { name: `Select run ${seeded.baseline.name}` }).check();
  await expect(page).toHaveURL(new RegExp(`selected=${seeded.baseline.id}`));
  await page.getByRole("checkbox", { name: `Select run ${seeded.candidate.name}` }).focus();
  await page.keyboard.press("Space");
  await expect(compare).toHaveText("Compare 2 runs");
  await expect(page).toHaveURL(new RegExp(`selected=${seeded.baseline.id},${seeded.candidate.id}`));
  await screenshot(page, "runs-selected");
  await compare.click();
  await expect(page).toHaveURL(new RegExp(`/compare\\?runs=${seeded.baseline.id},${seeded.candidate.id}$`));
  await expect(page.getByRole("table", { name: "Summary" })).toBeVisible();
});

test("a run shows its dataset, version, metrics by dataset, distributions and results", async ({ page }) => {
  await page.goto(`/p/${PROJECT}/runs`);
  await rowOf(page, seeded.candidate.name).getByRole("link", { name: seeded.candidate.name }).click();
  await expect(page).toHaveURL(`/p/${PROJECT}/runs/${seeded.candidate.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(seeded.candidate.name);
  await expect(page).toHaveTitle(`${seeded.candidate.name} · Runs · ${PROJECT} · Cairn`);

  const facts = page.getByRole("region", { name: "Run" });
  await expect(facts.getByRole("link", { name: DATASET, exact: true })).toBeVisible();
  await expect(facts.getByRole("link", { name: `${DATASET} version 1` })).toHaveText("v1");
  await expect(page.getByRole("region", { name: "Configuration" })).toContainText("temperature: 0.7");
  await expect(page.getByRole("region", { name: "Metadata" })).toContainText("a1b2c3d");

  // Metrics grouped by dataset: candidate f1 mean = (0.95+0.8+0.3+0.7+0.9+0.5)/6 = 0.692; exact 3/6.
  const metrics = page.getByRole("region", { name: `Metrics on ${DATASET}` });
  await expect(metrics.getByRole("row", { name: /^f1/ })).toContainText("0.692");
  await expect(metrics.getByRole("row", { name: /^exact/ })).toContainText("50.0%");
  await expect(metrics.getByRole("row", { name: /^exact/ })).toContainText("6");

  // Distributions: a histogram for f1, pass / fail for exact.
  await expect(page.getByRole("list", { name: "Distribution of f1" }).getByRole("button")).toHaveCount(10);
  await expect(page.getByRole("button", { name: "exact pass: 3 results. Show these results" })).toBeVisible();

  const results = page.getByRole("table", { name: "Results" });
  await expect(results.getByRole("row")).toHaveCount(7);
  await screenshot(page, "run");

  // A click on "fail" filters the table to the failed rows (in the URL).
  await page.getByRole("button", { name: "exact fail: 3 results. Show these results" }).click();
  await expect(page).toHaveURL(/score=exact&min=0&max=0/);
  await expect(results.getByRole("row")).toHaveCount(4);
  await expect(page.getByLabel("Score", { exact: true })).toHaveValue("exact");

  // Score range by hand: f1 >= 0.9 -> q1 (0.95) and q5 (0.9).
  await page.getByLabel("Score", { exact: true }).selectOption("f1");
  await page.getByLabel("Min value").fill("0.9");
  await page.getByLabel("Max value").fill("");
  await expect(page).toHaveURL(/score=f1&min=0.9$/);
  await expect(results.getByRole("row")).toHaveCount(3);
  await expect(results).toContainText("q1");
  await expect(results).toContainText("q5");

  // Details of a row: the full input, output and expected output, and score explanations.
  await page.getByRole("button", { name: "Show details of q5" }).click();
  await expect(results).toContainText("matches the reference");
  await screenshot(page, "run-filtered");

  await page.getByLabel("Errors only").check();
  await expect(page.getByRole("heading", { name: "No results match these filters" })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Errors only")).toBeChecked();
  await expect(page.getByLabel("Min value")).toHaveValue("0.9");

  // An unknown run says so.
  await page.goto(`/p/${PROJECT}/runs/00000000-0000-4000-8000-000000000000`);
  await expect(page.getByRole("heading", { name: "Run not found" })).toBeVisible();
});

test("compare: summary deltas, regressions only, baseline switch, config diff, missing rows", async ({ page }) => {
  const { baseline, candidate, subset } = seeded;
  await page.goto(`/p/${PROJECT}/compare?runs=${baseline.id},${candidate.id}`);
  const summary = page.getByRole("table", { name: "Summary" });
  await expect(summary.getByRole("columnheader", { name: new RegExp(baseline.name) })).toContainText("Baseline");

  // f1.mean: baseline 0.717, candidate 0.692 -> ▼ −0.025 (worse); exact pass rate 50% -> 50%.
  const f1Mean = summary.locator('tr[data-metric="f1.mean"]');
  await expect(f1Mean).toContainText("0.717");
  await expect(f1Mean).toContainText("0.692");
  await expect(f1Mean).toContainText("▼−0.025 (worse than baseline)");
  await expect(summary.locator('tr[data-metric="exact.pass_rate"]')).toContainText("=0 (same as baseline)");
  // Rows against the baseline, per score.
  const f1Rows = summary.locator('tr[data-score="f1"]');
  await expect(f1Rows).toContainText("▲ 3 improved");
  await expect(f1Rows).toContainText("▼ 2 regressed");
  await expect(f1Rows).toContainText("= 1 same");

  // Configuration: the keys that differ are listed, the shared ones folded away.
  const config = page.getByRole("region", { name: "Configuration" });
  await expect(config).toContainText("2 of 4 keys differ");
  await expect(config.locator('tr[data-differs="true"]')).toHaveCount(2);
  await expect(config.getByRole("rowheader", { name: "temperature (differs)" })).toBeVisible();
  await expect(config.getByRole("rowheader", { name: "prompt.version (differs)" })).toBeVisible();
  await expect(config.getByRole("rowheader", { name: "model" })).toHaveCount(0);
  await config.getByRole("button", { name: "Show 2 identical keys" }).click();
  await expect(config.getByRole("rowheader", { name: "model" })).toBeVisible();

  const rows = page.getByRole("table", { name: "Rows" });
  await expect(rows.locator("tbody > tr")).toHaveCount(6);
  await screenshot(page, "compare");

  // Regressions only: q3 and q6.
  await page.getByRole("radio", { name: "Regressions only" }).check();
  await expect(page.getByRole("radio", { name: "Regressions only" })).toBeChecked();
  await expect(page).toHaveURL(/only=regressions/);
  await expect(rows.locator("tbody > tr")).toHaveCount(2);
  await expect(rows.locator("tr[data-example]")).toHaveText([/q3/, /q6/]);
  await expect(rows.locator('td[data-change="regressed"]')).toHaveCount(2);
  await expect(rows.locator("tr[data-example=q6]")).toContainText("now fails");
  await screenshot(page, "compare-regressions");

  // Switch the baseline in one click: the candidate's regressions are now the old baseline's improvements.
  await summary.getByRole("button", { name: `Make ${candidate.name} the baseline` }).click();
  await expect(page).toHaveURL(new RegExp(`baseline=${candidate.id}`));
  await expect(summary.getByRole("columnheader", { name: new RegExp(candidate.name) })).toContainText("Baseline");
  await expect(summary.locator('tr[data-score="f1"]')).toContainText("▼ 3 regressed");
  await expect(rows.locator("tr[data-example]")).toHaveText([/q1/, /q4/, /q5/]);
  await expect(summary.locator('tr[data-metric="f1.mean"]')).toContainText("▲+0.025 (better than baseline)");

  // Improvements only, text filter; the URL carries everything (reload keeps it).
  await page.getByRole("radio", { name: "Improvements only" }).check();
  await expect(rows.locator("tr[data-example]")).toHaveText([/q3/, /q6/]);
  await page.getByLabel("Text").fill("invoices");
  await expect(rows.locator("tr[data-example]")).toHaveText([/q3/]);
  await page.reload();
  await expect(page.getByLabel("Text")).toHaveValue("invoices");
  await expect(page.getByRole("radio", { name: "Improvements only" })).toBeChecked();
  await expect(rows.locator("tr[data-example]")).toHaveText([/q3/]);

  // Three runs, one of them on a subset: the rows it did not cover are marked.
  await page.goto(`/p/${PROJECT}/compare?runs=${baseline.id},${candidate.id},${subset.id}`);
  await expect(rows.locator("tbody > tr")).toHaveCount(6);
  await expect(rows.getByText(`not in run ${subset.name}`)).toHaveCount(3);
  await expect(rows.locator("tr[data-example=q6]")).toContainText("not in every run");
  await screenshot(page, "compare-three");
});

test("compare with fewer than two runs offers a picker", async ({ page }) => {
  await page.goto(`/p/${PROJECT}/compare`);
  await expect(page.getByText("Pick two to five runs")).toBeVisible();
  const picker = page.getByRole("list", { name: "Runs to compare" });
  await expect(picker.locator(":scope > li")).toHaveCount(3);
  await expect(page.getByRole("button", { name: "Compare", exact: true })).toBeDisabled();
  await picker.getByLabel(new RegExp(seeded.subset.name)).check();
  await picker.getByLabel(new RegExp(seeded.baseline.name)).check();
  await screenshot(page, "compare-picker");
  await page.getByRole("button", { name: "Compare 2 runs" }).click();
  await expect(page).toHaveURL(new RegExp(`runs=${seeded.subset.id},${seeded.baseline.id}`));
  await expect(page.getByRole("table", { name: "Summary" })).toBeVisible();

  // One run in the link: it is preselected, and one more is needed.
  await page.goto(`/p/${PROJECT}/compare?runs=${seeded.candidate.id}`);
  await expect(page.getByText("Pick at least one more run")).toBeVisible();
  await expect(page.getByRole("list", { name: "Runs to compare" }).getByLabel(new RegExp(seeded.candidate.name))).toBeChecked();
});

test("a project without runs says what to do next", async ({ page, baseURL }) => {
  const api = client(baseURL!);
  const name = `empty-${Date.now()}`;
  await api.projects.create.mutate({ name });
  try {
    await page.goto(`/p/${name}/runs`);
    await expect(page.getByRole("heading", { name: "No runs yet" })).toBeVisible();
    await expect(page.getByText("runExperiment(...)").first()).toBeVisible();
    await screenshot(page, "runs-empty");
    await page.goto(`/p/${name}/compare`);
    await expect(page.getByRole("heading", { name: "No runs yet" })).toBeVisible();
    await screenshot(page, "compare-empty");
  } finally {
    const projects = await api.projects.list.query();
    const created = projects.find((p) => p.name === name);
    if (created) await api.projects.delete.mutate({ id: created.id });
  }
});
