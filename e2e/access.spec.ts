import { expect, test, type Page } from "@playwright/test";
import { CairnError, createClient } from "../sdk";
import { screenshot } from "./screenshot";

// Accounts, sessions, API keys and roles against the second server of playwright.config.ts:
// sign-in required (CAIRN_AUTH=required) on its own fresh embedded database.
const accessURL = `http://127.0.0.1:${Number(process.env.CAIRN_E2E_PORT ?? 3100) + 1}`;
test.use({ baseURL: accessURL });
test.describe.configure({ mode: "serial" });

const OWNER = { email: "owner@example.com", password: "correct horse battery" };
const VIEWER = { email: "viewer@example.com", password: "viewer password 1" };
const DATASET = "keyed-upload";

const email = (page: Page) => page.getByLabel("Email");
const password = (page: Page) => page.getByLabel("Password");
const sidebar = (page: Page) => page.locator("aside");

async function signIn(page: Page, who: { email: string; password: string }) {
  await email(page).fill(who.email);
  await password(page).fill(who.password);
  await password(page).press("Enter");
}

async function sessionCookies(page: Page) {
  return (await page.context().cookies()).filter((c) => c.name === "cairn_session");
}

test("owner setup, sign-out, sign-in, API keys and members", async ({ page }) => {
  test.setTimeout(120_000);
  delete process.env.CAIRN_API_KEY;
  delete process.env.CAIRN_PROJECT;

  // An empty database: the first visitor is offered the owner account.
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page).toHaveTitle("Create the owner account · Cairn");
  await expect(page.getByRole("heading", { level: 1, name: "Create the owner account" })).toBeVisible();
  await expect(email(page)).toBeFocused();
  await screenshot(page, "owner-setup");

  // Refused before any request, naming the field; what was typed stays.
  await email(page).fill(OWNER.email);
  await password(page).fill("short");
  await password(page).press("Enter");
  await expect(password(page)).toHaveAccessibleDescription("Password must be at least 8 characters");
  await expect(email(page)).toHaveValue(OWNER.email);

  // Created and signed in: the session cookie is http-only, and the app opens the default project.
  await password(page).fill(OWNER.password);
  await password(page).press("Enter");
  await expect(page).toHaveURL(/\/p\/default\/datasets$/);
  await expect(page.getByRole("heading", { level: 1, name: "Datasets" })).toBeVisible();
  await expect(sidebar(page)).toContainText(OWNER.email);
  const [cookie] = await sessionCookies(page);
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  expect(await page.evaluate(() => document.cookie)).not.toContain("cairn_session");

  // Sign out: back to the sign-in form (no longer the setup), and app pages send one there.
  await sidebar(page).getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  expect(await sessionCookies(page)).toEqual([]);
  await page.goto("/p/default/datasets?q=x");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fp%2Fdefault%2Fdatasets%3Fq%3Dx$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await screenshot(page, "sign-in");
  await page.goto("/projects");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fprojects$/);
  await page.goto("/p/default/settings");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fp%2Fdefault%2Fsettings$/);

  // A wrong password: said inline, the email kept, no session.
  await page.goto("/sign-in?next=%2Fp%2Fdefault%2Fdatasets");
  await signIn(page, { email: OWNER.email, password: "not the password" });
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("the email or the password is not right");
  await expect(email(page)).toHaveValue(OWNER.email);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  expect(await sessionCookies(page)).toEqual([]);
  await screenshot(page, "sign-in-error");

  // Guessing is rate-limited per account: after 10 failures the form says to wait.
  const locked = { email: "guessed@example.com", password: "guess number x" };
  for (let i = 0; i < 10; i++) {
    const response = await page.request.post("/api/trpc/auth.signIn", { data: { json: { ...locked, password: `guess number ${i}` } } });
    expect(response.status()).toBe(401);
  }
  await signIn(page, locked);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/^too many failed sign-ins: try again in \d+ minutes?$/);
  await expect(email(page)).toHaveValue(locked.email);

  // A `next` pointing off-site is ignored: signing in lands on the app.
  await page.goto("/sign-in?next=%2F%2Fevil.example%2F");
  await signIn(page, OWNER);
  await expect(page).toHaveURL(/\/p\/default\/datasets$/);
  // Signed in, the sign-in page goes to `next` at once.
  await page.goto("/sign-in?next=%2Fprojects");
  await expect(page).toHaveURL(/\/projects$/);

  // Settings: no keys yet, and the empty state says what they are for.
  await page.goto("/p/default/datasets");
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/p\/default\/settings$/);
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No API keys yet" })).toBeVisible();
  await expect(page.getByText(/CAIRN_API_KEY/).first()).toBeVisible();
  const members = page.getByRole("table", { name: "Members" });
  await expect(members.getByRole("row", { name: new RegExp(OWNER.email) })).toContainText("You");

  // Create a member key: its secret is shown once.
  await page.getByLabel("Key name").fill("sdk-e2e");
  await page.getByRole("form", { name: "New API key" }).getByLabel("Role").selectOption("member");
  await page.getByLabel("Key name").press("Enter");
  const secretBox = page.getByLabel("API key secret");
  await expect(secretBox).toHaveText(/^cairn_\S{20,}$/);
  const secret = (await secretBox.textContent())!.trim();
  await expect(page.getByText("You will not see this key again")).toBeVisible();
  const keys = page.getByRole("table", { name: "API keys" });
  const keyRow = keys.getByRole("row", { name: /sdk-e2e/ });
  await expect(keyRow).toContainText("Active");
  await expect(keyRow).toContainText("Member");
  await expect(keyRow).toContainText("Never");
  const prefix = (await keyRow.getByRole("cell").nth(1).textContent())!.replace(/…$/, "");
  expect(secret.startsWith(prefix) && prefix.length < secret.length).toBe(true);
  await screenshot(page, "settings-new-key");

  // Reload: only the prefix is left.
  await page.reload();
  await expect(keyRow).toContainText(`${prefix}…`);
  await expect(page.getByLabel("API key secret")).toHaveCount(0);
  expect(await page.content()).not.toContain(secret);

  // The SDK with that key upserts into the key's project, and the UI shows it.
  const withKey = createClient({ baseUrl: accessURL, apiKey: secret });
  const upserted = await withKey.datasets.upsertDataset({
    dataset: { datasetName: DATASET },
    examples: [
      { id: "q1", input: { question: "What is a cairn?" } },
      { id: "q2", input: { question: "Who may write?" } },
    ],
    sourceIdKey: "id",
  });
  expect(upserted.summary).toEqual({ added: 2, updated: 0, deleted: 0, unchanged: 0 });
  await page.goto("/p/default/datasets");
  await expect(page.getByRole("link", { name: DATASET, exact: true })).toBeVisible();
  await page.goto("/p/default/settings");
  await expect(keyRow).not.toContainText("Never");

  // Without a key the API answers 401.
  const anonymous = createClient({ baseUrl: accessURL }).datasets.list({});
  await expect(anonymous).rejects.toBeInstanceOf(CairnError);
  await expect(anonymous).rejects.toMatchObject({ httpStatus: 401 });

  // Revoke it in the UI (confirmed in a dialog): the next SDK call with it is 401.
  await keyRow.getByRole("button", { name: "Revoke key sdk-e2e" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke key 'sdk-e2e'?" });
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(dialog).toBeHidden();
  await expect(keyRow).toContainText("Revoked");
  await expect(keyRow.getByRole("button", { name: /Revoke/ })).toHaveCount(0);
  const revoked = withKey.datasets.list({});
  await expect(revoked).rejects.toBeInstanceOf(CairnError);
  await expect(revoked).rejects.toMatchObject({ httpStatus: 401, message: expect.stringContaining("unknown or revoked") });

  // Add a viewer, creating the account with an initial password.
  await page.getByLabel("Email").fill(VIEWER.email);
  await page.getByRole("form", { name: /Add a member/ }).getByLabel("Role").selectOption("viewer");
  await page.getByLabel("Initial password (optional)").fill(VIEWER.password);
  await page.getByRole("button", { name: "Add member" }).click();
  await expect(members.getByRole("row", { name: new RegExp(VIEWER.email) })).toBeVisible();
  await expect(members.getByRole("combobox", { name: `Role of ${VIEWER.email}` })).toHaveValue("viewer");
  await expect(page.getByLabel("Email")).toHaveValue("");
  await screenshot(page, "settings");
});

test("a viewer reads, and a write says viewers cannot write and writes nothing", async ({ browser }) => {
  test.setTimeout(60_000);
  const context = await browser.newContext({ baseURL: accessURL });
  const page = await context.newPage();

  await page.goto(`/p/default/datasets`);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await signIn(page, VIEWER);
  await expect(page).toHaveURL(/\/p\/default\/datasets$/);
  await expect(sidebar(page)).toContainText(VIEWER.email);

  // Reading works: the dataset the key uploaded, with its examples.
  await page.getByRole("link", { name: DATASET, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: DATASET })).toBeVisible();
  await expect(page.getByText("What is a cairn?")).toBeVisible();

  // A write: the server's FORBIDDEN, said in the dialog, and nothing is created.
  await page.goto("/p/default/datasets");
  await page.getByRole("button", { name: "New dataset" }).click();
  const dialog = page.getByRole("dialog", { name: "New dataset" });
  await dialog.getByLabel("Name").fill("viewer-attempt");
  await dialog.getByRole("button", { name: "Create dataset" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("viewers cannot write in project 'default'");
  await page.reload();
  await expect(page.getByRole("link", { name: DATASET, exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "viewer-attempt" })).toHaveCount(0);

  // Settings: members read-only, and no keys for a viewer.
  await page.goto("/p/default/settings");
  await expect(page.getByText("Only owners of project 'default' manage its API keys and members")).toBeVisible();
  const members = page.getByRole("table", { name: "Members" });
  await expect(members.getByRole("row", { name: new RegExp(OWNER.email) })).toContainText("Owner");
  await expect(members.getByRole("combobox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Add member" })).toHaveCount(0);
  await screenshot(page, "settings-viewer");
  await context.close();
});

test("single-user mode: no sign-in page, and the sidebar says why", async ({ browser }) => {
  const localURL = `http://127.0.0.1:${Number(process.env.CAIRN_E2E_PORT ?? 3100)}`;
  const context = await browser.newContext({ baseURL: localURL });
  const page = await context.newPage();

  await page.goto("/sign-in?next=%2Fprojects");
  await expect(page).toHaveURL(/\/p\/default\/datasets$/);
  await expect(sidebar(page)).toContainText("Single-user mode");
  await expect(sidebar(page).getByRole("button", { name: "Sign out" })).toHaveCount(0);

  await page.goto("/p/default/settings");
  await expect(page.getByRole("note")).toContainText("Single-user mode");
  await expect(page.getByRole("heading", { name: "API keys", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add member" })).toBeVisible();
  await screenshot(page, "settings-local");
  await context.close();
});
