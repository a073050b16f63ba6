import { expect, test } from "@playwright/test";
import { documentedOperations } from "../server/phoenix/operations";
import { buildOpenApiDocument } from "../server/rest/openapi";
import { screenshot } from "./screenshot";

test("GET /api/openapi.json serves the document the current code generates", async ({ request }) => {
  const response = await request.get("/api/openapi.json");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  const served = await response.json();
  // Built into this production build from the code, so it equals what the code generates now.
  expect(served).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument(documentedOperations))));
  expect(served.openapi).toBe("3.1.0");
  expect(served.paths["/api/v1/datasets/upsert"].post.operationId).toBe("datasets.upsertJsonl");
});

test("the REST surface answers through the production build", async ({ request }) => {
  const created = await request.post("/api/v1/datasets/upsert?dataset_name=e2e-rest", {
    data: '{"id":"a","input":{"questionText":"hi"}}\n{"id":"b","input":{"questionText":"bye"}}\n',
    headers: { "content-type": "application/x-ndjson" },
  });
  expect(created.status()).toBe(200);
  const body = await created.json();
  expect(body).toMatchObject({ version_number: 1, noop: false, examples: 2 });
  const examples = await request.get(`/api/v1/datasets/${body.dataset_id}/examples`);
  expect((await examples.json()).data.map((e: { input: unknown }) => e.input)).toEqual([{ questionText: "hi" }, { questionText: "bye" }]);
  for (const path of ["/api/v1/nope", "/api/v1"]) {
    const missing = await request.get(path);
    expect(missing.status()).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "NOT_FOUND" } });
  }
});

test("/api-docs renders every operation from the document, grouped by tag", async ({ page, request }) => {
  // A long page: its full-page screenshots take a while on a busy machine.
  test.setTimeout(90_000);
  const doc = await (await request.get("/api/openapi.json")).json();
  const operationIds = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap((item) =>
    Object.values(item).map((op) => op.operationId),
  );

  await page.goto("/api-docs");
  await expect(page).toHaveTitle("API reference · Cairn");
  await expect(page.getByRole("heading", { level: 1, name: "Cairn REST API" })).toBeVisible();
  for (const tag of ["Projects", "Datasets", "Upsert", "Versions", "Examples", "Runs", "Results", "Metrics", "Compare"]) {
    await expect(page.getByRole("heading", { level: 2, name: tag, exact: true })).toBeVisible();
  }
  await expect(page.locator("article")).toHaveCount(operationIds.length);
  for (const id of operationIds) await expect(page.locator(`details[id="${id}"]`)).toHaveCount(1);

  // Collapsed to method, path and summary; a click opens the parameters and schemas.
  const upsert = page.getByRole("article", { name: "Upsert a dataset from a JSONL body, in one request" });
  await expect(upsert.getByText("/api/v1/datasets/upsert", { exact: true })).toBeVisible();
  const parameters = upsert.getByRole("table", { name: /parameters/ });
  await expect(parameters).toBeHidden();
  await upsert.getByText("/api/v1/datasets/upsert", { exact: true }).click();
  await expect(parameters.getByText("source_id_key")).toBeVisible();
  await expect(upsert.getByText("application/x-ndjson")).toBeVisible();
  await expect(page.getByRole("table", { name: "Error body" }).getByRole("cell", { name: "error.code", exact: true })).toBeVisible();

  // The page makes no request to another origin (no CDN scripts or fonts).
  const foreign: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(new URL(page.url()).origin) && !r.url().startsWith("data:")) foreign.push(r.url());
  });
  await page.reload();
  await page.waitForLoadState("networkidle");
  expect(foreign).toEqual([]);

  // A link to an operation or a schema opens it.
  await page.getByRole("navigation", { name: "Operations" }).getByRole("link", { name: /Create a run/ }).click();
  await expect(page).toHaveURL(/#runs\.create$/);
  const createRun = page.getByRole("article", { name: "Create a run" });
  const body = createRun.getByRole("table", { name: "Create a run: request body" });
  await expect(body.getByRole("cell", { name: "dataset_version_id", exact: true })).toBeVisible();
  await createRun.getByRole("link", { name: "Run", exact: true }).click();
  await expect(page).toHaveURL(/#schema-Run$/);
  await expect(page.getByRole("table", { name: "Run fields" }).getByRole("cell", { name: "datapoint_ids", exact: true })).toBeVisible();
  await page.goto("/api-docs#runs.create");
  await expect(page.getByRole("article", { name: "Create a run" }).getByRole("table", { name: "Create a run: request body" })).toBeVisible();
  // From the top, so the sticky header and navigation sit where a reader sees them.
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    document.querySelector('nav[aria-label="Operations"]')?.scrollTo(0, 0);
  });
  await screenshot(page, "api-docs");
});
