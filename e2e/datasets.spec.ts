import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { screenshot } from "./screenshot";

// The dataset side of the browser, against `next start` on a fresh database: JSONL upload (v1, an
// edited v2, the same file again, a broken file), the dataset page's tabs, the version diff,
// export, create and fork. Everything happens in a project of its own, so the other specs still
// see an empty default project.

const PROJECT = "datasets-e2e";
const fixture = (name: string) => path.join(import.meta.dirname, "fixtures", name);

/** Calls a tRPC procedure over HTTP (superjson on the wire), as the project. */
async function trpc<T>(request: APIRequestContext, procedure: string, input: unknown, kind: "query" | "mutation" = "mutation"): Promise<T> {
  const headers = { "x-cairn-project": PROJECT, "content-type": "application/json" };
  const response =
    kind === "mutation"
      ? await request.post(`/api/trpc/${procedure}`, { headers, data: { json: input } })
      : await request.get(`/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers });
  const body = await response.json();
  if (!response.ok()) throw new Error(`${procedure}: ${JSON.stringify(body)}`);
  return body.result.data.json as T;
}

/** A run on the dataset (pinned to its latest version) with a few dataset metrics. */
async function seedRun(request: APIRequestContext, datasetId: string, name: string, metrics: Record<string, number>) {
  const run = await trpc<{ id: string }>(request, "runs.create", { name, datasetId, status: "completed", configuration: { model: "m-1" } });
  await trpc(request, "metrics.record", { runId: run.id, metrics: Object.entries(metrics).map(([metric, value]) => ({ name: metric, value, datasetId })) });
  return run.id;
}

const fileInput = (page: Page) => page.getByLabel("Upload JSONL");
const status = (page: Page) => page.getByRole("region", { name: "Upload status" });

async function chooseFile(page: Page, name: string) {
  await fileInput(page).setInputFiles(fixture(name));
}

/** Waits for the whole-file check, asks for the plan, and returns the plan panel. */
async function planUpload(page: Page) {
  await expect(status(page).getByText(/All \d+ records are valid/)).toBeVisible();
  await status(page).getByRole("button", { name: "Check what will change" }).click();
  const plan = status(page).getByRole("region", { name: /^Plan:/ });
  await expect(plan).toBeVisible();
  return plan;
}

async function expectCount(plan: ReturnType<Page["locator"]>, label: string, value: string) {
  await expect(plan.locator("dl > div", { hasText: label }).locator("dd")).toHaveText(value);
}

let datasetUrl = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  const response = await request.post("/api/trpc/projects.create", { data: { json: { name: PROJECT } } });
  expect(response.ok()).toBeTruthy();
});

test("upload a JSONL file through the UI: preview, check, plan, version 1", async ({ page, request }) => {
  await page.goto(`/p/${PROJECT}/datasets`);
  await expect(page.getByRole("heading", { name: "No datasets yet" })).toBeVisible();
  await screenshot(page, "datasets-empty");

  await page.getByRole("link", { name: "Upload JSONL" }).first().click();
  await expect(page).toHaveURL(new RegExp(`/p/${PROJECT}/datasets/upload$`));
  await expect(page.getByRole("heading", { level: 1, name: "Upload JSONL" })).toBeVisible();
  await screenshot(page, "upload-empty");

  await chooseFile(page, "qa-v1.jsonl");
  // Preview of the first rows, the id key and the {input, output, metadata} shape detected.
  const preview = page.getByRole("table", { name: "First records of the file" });
  await expect(preview.getByRole("row")).toHaveCount(7);
  await expect(preview).toContainText("What is the capital of France?");
  await expect(page.getByLabel("Source id key")).toHaveValue("id");
  await expect(page.getByRole("radio", { name: /Records are \{input, output, metadata\}/ })).toBeChecked();
  await expect(page.getByLabel("Dataset name")).toHaveValue("qa-v1");
  await page.getByLabel("Dataset name").fill("qa");
  await page.getByLabel("Version message").fill("first import");
  await expect(status(page).getByText("All 6 records are valid.")).toBeVisible();
  await screenshot(page, "upload-valid");

  const plan = await planUpload(page);
  await expectCount(plan, "Added", "6");
  await expectCount(plan, "Updated", "0");
  await expectCount(plan, "Deleted", "0");
  await expectCount(plan, "Unchanged", "0");
  await screenshot(page, "upload-plan-v1");
  await plan.getByRole("button", { name: "Upload and create version" }).click();

  // Lands on the new version with its summary.
  await expect(page).toHaveURL(/\/datasets\/[0-9a-f-]{36}\?tab=versions&created=1$/);
  const banner = page.getByRole("main").getByRole("status").filter({ hasText: "Version 1 created" });
  await expect(banner).toContainText("+6 added");
  await expect(page.getByRole("heading", { level: 1, name: "qa" })).toBeVisible();
  datasetUrl = page.url().split("?")[0];

  // A run on v1, so the Runs and Metrics tabs have something to show.
  const datasetId = datasetUrl.split("/").pop()!;
  await seedRun(request, datasetId, "baseline", { "accuracy.mean": 0.62, "latency_ms.mean": 840, "accuracy.count": 6 });
});

test("upload an edited file: the plan and the new version's counts", async ({ page, request }) => {
  await page.goto(datasetUrl);
  await page.getByRole("link", { name: "Upload new version" }).click();
  await expect(page).toHaveURL(/\/datasets\/upload\?dataset=/);
  await expect(page.getByRole("heading", { level: 1, name: "Upload a new version of qa" })).toBeVisible();

  await chooseFile(page, "qa-v2.jsonl");
  await page.getByLabel("Version message").fill("fix spider legs, add gold, drop jupiter");
  const plan = await planUpload(page);
  await expect(plan.getByRole("heading")).toHaveText("Plan: version 2 (from v1)");
  await expectCount(plan, "Added", "1");
  await expectCount(plan, "Updated", "1");
  await expectCount(plan, "Deleted", "1");
  await expectCount(plan, "Unchanged", "4");
  await expect(plan).toContainText("2 examples");
  await screenshot(page, "upload-plan-v2");
  await plan.getByRole("button", { name: "Upload and create version" }).click();

  await expect(page).toHaveURL(/\?tab=versions&created=2$/);
  const banner = page.getByRole("main").getByRole("status").filter({ hasText: "Version 2 created" });
  await expect(banner).toContainText("+1 added");
  await expect(banner).toContainText("~1 updated");
  await expect(banner).toContainText("−1 deleted");
  await expect(banner).toContainText("4 unchanged");
  const versions = page.getByRole("list", { name: "Versions, newest first" });
  await expect(versions.getByRole("listitem")).toHaveCount(2);
  await expect(versions.getByRole("listitem").first()).toContainText("fix spider legs, add gold, drop jupiter");
  await screenshot(page, "dataset-versions");

  const datasetId = datasetUrl.split("/").pop()!;
  await seedRun(request, datasetId, "prompt v2", { "accuracy.mean": 0.71, "latency_ms.mean": 910, "accuracy.count": 6 });
  await seedRun(request, datasetId, "prompt v3", { "accuracy.mean": 0.83, "latency_ms.mean": 780, "accuracy.count": 6 });
});

test("the same file again says there is nothing to change and creates no version", async ({ page }) => {
  await page.goto(datasetUrl);
  await page.getByRole("link", { name: "Upload new version" }).click();
  await chooseFile(page, "qa-v2.jsonl");
  await expect(status(page).getByText("All 6 records are valid.")).toBeVisible();
  await status(page).getByRole("button", { name: "Check what will change" }).click();
  await expect(status(page).getByText("No changes — the dataset already matches this file.")).toBeVisible();
  await expect(status(page)).toContainText("stays at v2");
  await screenshot(page, "upload-no-changes");

  await page.goto(`${datasetUrl}?tab=versions`);
  await expect(page.getByRole("list", { name: "Versions, newest first" }).getByRole("listitem")).toHaveCount(2);
});

test("a file with a bad line and a duplicate id is reported by line and nothing is uploaded", async ({ page }) => {
  const calls: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/api/trpc/datasets.upsert")) calls.push(r.url());
  });
  await page.goto(datasetUrl);
  await page.getByRole("link", { name: "Upload new version" }).click();
  await chooseFile(page, "qa-bad.jsonl");
  const problems = page.getByRole("table", { name: "Problems by line" });
  await expect(page.getByRole("heading", { name: /2 problems in 6 lines — nothing was uploaded/ })).toBeVisible();
  await expect(problems.getByRole("row", { name: /Line 3/ })).toContainText("invalid JSON");
  await expect(problems.getByRole("row", { name: /Line 5/ })).toContainText('duplicate source id "q1" (first on line 1)');
  await expect(status(page).getByRole("button", { name: "Check what will change" })).toHaveCount(0);
  await screenshot(page, "upload-problems");
  expect(calls).toEqual([]);

  await page.goto(datasetUrl);
  await expect(page.getByText("v2 latest")).toBeVisible();
});

test("a server error keeps the file, mapping and message; cancelling the plan writes nothing", async ({ page }) => {
  await page.goto(`/p/${PROJECT}/datasets/upload`);
  await chooseFile(page, "qa-v1.jsonl");
  await page.getByLabel("Dataset name").fill("qa-errors");
  await page.getByLabel("Version message").fill("kept across errors");
  await page.getByRole("radio", { name: "Merge" }).check();
  await expect(status(page).getByText("All 6 records are valid.")).toBeVisible();

  // The server fails the first call of the sync.
  await page.route("**/api/trpc/datasets.upsertBegin**", (route) =>
    route.fulfill({
      status: 503,
      contentType: "application/json",
      body: JSON.stringify([{ error: { json: { message: "the database is restarting", code: -32603, data: { code: "INTERNAL_SERVER_ERROR", httpStatus: 503 } } } }]),
    }),
  );
  await status(page).getByRole("button", { name: "Check what will change" }).click();
  const alert = status(page).getByRole("alert");
  await expect(alert).toContainText("The upload failed — nothing was committed");
  await expect(alert).toContainText("the database is restarting");
  await expect(page.getByLabel("Dataset name")).toHaveValue("qa-errors");
  await expect(page.getByLabel("Version message")).toHaveValue("kept across errors");
  await expect(page.getByRole("radio", { name: "Merge" })).toBeChecked();
  await expect(page.getByText("qa-v1.jsonl")).toBeVisible();
  await screenshot(page, "upload-server-error");

  // Once the server is back, "Try again" plans with the same choices; cancelling leaves no trace.
  await page.unroute("**/api/trpc/datasets.upsertBegin**");
  await alert.getByRole("button", { name: "Try again" }).click();
  const plan = status(page).getByRole("region", { name: /^Plan:/ });
  await expectCount(plan, "Added", "6");
  await plan.getByRole("button", { name: "Cancel" }).click();
  await expect(status(page).getByText("All 6 records are valid.")).toBeVisible();
  await expect(async () => {
    const list = await trpc<{ items: { name: string }[] }>(page.request, "datasets.list", { limit: 50 }, "query");
    expect(list.items.map((d) => d.name)).not.toContain("qa-errors");
  }).toPass();
});

test("diff v1 and v2: counts, and the changed field with old and new values", async ({ page }) => {
  await page.goto(`${datasetUrl}?tab=versions`);
  await page.getByLabel("Select v1 for diff").check();
  await expect(page).toHaveURL(/from=1/);
  await page.getByLabel("Select v2 for diff").check();
  await expect(page).toHaveURL(/from=1&to=2/);
  await page.getByRole("link", { name: "Diff v1 → v2" }).click();

  await expect(page).toHaveURL(/\/diff\?from=1&to=2$/);
  await expect(page.getByRole("heading", { level: 1, name: "Changes from v1 to v2" })).toBeVisible();
  const totals = page.getByLabel("Totals");
  await expect(totals).toContainText("1 added");
  await expect(totals).toContainText("1 removed");
  await expect(totals).toContainText("1 changed");
  const diffs = page.getByRole("list", { name: "Differences" });
  const changed = diffs.getByRole("listitem", { name: "Changed q2" });
  const output = changed.getByRole("region", { name: "output changes" });
  await expect(output).toContainText("answer");
  await expect(output).toContainText("Old value:\"6\"");
  await expect(output).toContainText("New value:\"8\"");
  await expect(changed.getByRole("region", { name: "metadata changes" })).toContainText("reviewed");
  await expect(diffs.getByRole("listitem", { name: "Added q7" })).toContainText("chemical symbol for gold");
  await expect(diffs.getByRole("listitem", { name: "Removed q5" })).toContainText("largest planet");
  await screenshot(page, "dataset-diff");
});

test("examples tab: version picker and text filter live in the URL; an example's history", async ({ page }) => {
  await page.goto(datasetUrl);
  const table = page.getByRole("table", { name: /^Examples at version/ });
  await expect(table).toHaveAccessibleName("Examples at version 2");
  await expect(table.getByRole("row")).toHaveCount(7); // header + 6
  await expect(table).not.toContainText("largest planet");
  await screenshot(page, "dataset-examples");

  // The version picker lists every version and writes ?version=.
  const picker = page.getByRole("combobox", { name: "Examples at version" });
  await expect(picker.locator("option")).toHaveText([/^Latest \(v2\)/, /^v2 \(latest\)/, /^v1 /]);
  await picker.selectOption("1");
  await expect(page).toHaveURL(/version=1/);
  await expect(page.getByRole("table", { name: "Examples at version 1" })).toContainText("largest planet");

  // A shared URL restores both the version and the filter.
  await page.goto(`${datasetUrl}?version=2&q=spider`);
  const filtered = page.getByRole("table", { name: "Examples at version 2" });
  await expect(filtered.getByRole("row")).toHaveCount(2);
  await expect(filtered).toContainText("q2");
  await expect(page.getByRole("searchbox", { name: "Filter examples" })).toHaveValue("spider");
  await expect(page.getByRole("combobox", { name: "Examples at version" })).toHaveValue("2");

  // Typing filters too (written to the URL after a pause).
  await page.getByRole("searchbox", { name: "Filter examples" }).fill("gold");
  await expect(page).toHaveURL(/q=gold/);
  await expect(page.getByRole("table", { name: "Examples at version 2" })).toContainText("q7");
  await page.getByRole("searchbox", { name: "Filter examples" }).fill("no such text anywhere");
  await expect(page.getByRole("heading", { name: "No examples match 'no such text anywhere' at v2" })).toBeVisible();

  // Clicking an example opens its revision history (?example=), with the change it went through.
  await page.goto(`${datasetUrl}?q=spider`);
  await page.getByRole("link", { name: "q2" }).click();
  await expect(page).toHaveURL(/example=[0-9a-f-]{36}/);
  const history = page.getByRole("dialog", { name: "Example history" });
  await expect(history).toContainText("2 revisions");
  await expect(history.getByText("Changes from v1")).toBeVisible();
  await screenshot(page, "dataset-example-history");
  await page.keyboard.press("Escape");
  await expect(history).toBeHidden();
  await expect(page).not.toHaveURL(/example=/);

  // A version that does not exist says so.
  await page.goto(`${datasetUrl}?version=9`);
  await expect(page.getByText("Version 9 does not exist")).toBeVisible();
});

test("export returns the selected version as JSONL", async ({ page, request }) => {
  await page.goto(`${datasetUrl}?version=1`);
  const link = page.getByRole("link", { name: /Export JSONL/ });
  await expect(link).toContainText("v1");
  const href = await link.getAttribute("href");
  const response = await request.get(href!);
  expect(response.ok()).toBeTruthy();
  expect(response.headers()["content-type"]).toContain("application/x-ndjson");
  const lines = (await response.text()).trim().split("\n").map((line) => JSON.parse(line));
  expect(lines.map((l) => l.id)).toEqual(["q1", "q2", "q3", "q4", "q5", "q6"]);
  expect(lines[1]).toMatchObject({ input: { question: "How many legs does a spider have?" }, output: { answer: "6" } });

  await page.goto(datasetUrl);
  const latest = await page.getByRole("link", { name: /Export JSONL/ }).getAttribute("href");
  const v2 = (await (await request.get(latest!)).text()).trim().split("\n");
  expect(v2).toHaveLength(6);
});

test("runs and metrics tabs show the runs on the dataset", async ({ page }) => {
  await page.goto(`${datasetUrl}?tab=runs`);
  const runs = page.getByRole("table", { name: "Runs on this dataset" });
  await expect(runs.getByRole("row")).toHaveCount(4);
  await expect(runs.getByRole("row", { name: /baseline/ })).toContainText("v1");
  await expect(runs.getByRole("row", { name: /prompt v3/ })).toContainText("v2");
  await expect(runs.getByRole("link", { name: "baseline" })).toHaveAttribute("href", /\/p\/datasets-e2e\/runs\/[0-9a-f-]{36}$/);
  await screenshot(page, "dataset-runs");

  await page.goto(`${datasetUrl}?tab=metrics`);
  await expect(page.getByRole("img", { name: /Chart of accuracy\.mean, latency_ms\.mean across 3 runs/ })).toBeVisible();
  const table = page.getByRole("table", { name: "Metrics by run" });
  await expect(table.getByRole("row", { name: /prompt v3/ })).toContainText("0.83");
  // The chart's metrics are picked in the URL.
  await page.getByRole("group", { name: "Metrics shown in the chart" }).getByText("latency_ms.mean").click();
  await expect(page.getByRole("checkbox", { name: "latency_ms.mean" })).not.toBeChecked();
  await expect(page).toHaveURL(/metric=accuracy.mean/);
  await expect(page.getByRole("img", { name: /Chart of accuracy\.mean across 3 runs/ })).toBeVisible();
  await screenshot(page, "dataset-metrics");
});

test("create a dataset (params validated as JSON) and fork one", async ({ page }) => {
  await page.goto(`/p/${PROJECT}/datasets`);
  await expect(page.getByRole("link", { name: "qa", exact: true })).toBeVisible();
  await expect(page.getByRole("row", { name: /qa/ })).toContainText("v2");
  await screenshot(page, "datasets-list");

  await page.getByRole("button", { name: "New dataset" }).click();
  const dialog = page.getByRole("dialog", { name: "New dataset" });
  await dialog.getByLabel("Name").fill("scratch");
  await dialog.getByLabel("Params (JSON object)").fill("[1, 2]");
  await dialog.getByRole("button", { name: "Create dataset" }).click();
  await expect(dialog.getByLabel("Params (JSON object)")).toHaveAccessibleDescription(/must be a JSON object/);
  await screenshot(page, "datasets-create");
  await dialog.getByLabel("Params (JSON object)").fill('{"language": "en"}');
  await dialog.getByRole("button", { name: "Create dataset" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "scratch" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No examples yet" })).toBeVisible();
  await screenshot(page, "dataset-empty");

  await page.goto(datasetUrl);
  await page.getByRole("button", { name: "Fork" }).click();
  const fork = page.getByRole("dialog", { name: "Fork 'qa'" });
  await expect(fork.getByLabel("New dataset name")).toHaveValue("qa-fork");
  await fork.getByLabel("From version").selectOption("1");
  await screenshot(page, "dataset-fork");
  await fork.getByRole("button", { name: "Fork dataset" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "qa-fork" })).toBeVisible();
  await expect(page.getByText("Forked from", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "qa v1" })).toHaveAttribute("href", /version=1/);
  await expect(page.getByRole("table", { name: /^Examples at version/ })).toContainText("largest planet");

  // Search on the list page lives in ?q=.
  await page.goto(`/p/${PROJECT}/datasets?q=fork`);
  await expect(page.getByRole("link", { name: "qa-fork" })).toBeVisible();
  await expect(page.getByRole("link", { name: "scratch" })).toHaveCount(0);
});
