import { expect, test, type Page } from "@playwright/test";
import { screenshot } from "./screenshot";

/** The create form's field: labelled, so found the way a screen reader would. */
const nameInput = (page: Page) => page.getByLabel("Project name");
const switcher = (page: Page) => page.getByRole("combobox", { name: "Project" });
const projectLink = (page: Page, name: string) => page.getByRole("table").getByRole("link", { name, exact: true });

async function createProject(page: Page, name: string) {
  await nameInput(page).fill(name);
  await nameInput(page).press("Enter");
  await expect(projectLink(page, name)).toBeVisible();
}

test("the root opens the default project's datasets", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/p\/default\/datasets$/);
  await expect(page).toHaveTitle("Datasets · default · Cairn");
  await expect(page.getByRole("heading", { level: 1, name: "Datasets" })).toBeVisible();

  const nav = page.getByRole("navigation", { name: "Project sections" });
  await expect(nav.getByRole("link", { name: "Datasets" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "Runs" })).not.toHaveAttribute("aria-current", "page");
  await expect(switcher(page)).toHaveValue("default");
  await screenshot(page, "datasets-default");

  await nav.getByRole("link", { name: "Runs" }).click();
  await expect(page).toHaveURL(/\/p\/default\/runs$/);
  await expect(nav.getByRole("link", { name: "Runs" })).toHaveAttribute("aria-current", "page");
});

// Other specs write into the default project, so the empty states are checked in a new one.
test("a new project's sections say what to do next", async ({ page }) => {
  await page.goto("/projects");
  await createProject(page, "empty-sections");
  await page.goto("/p/empty-sections/datasets");
  await expect(page.getByRole("heading", { name: "No datasets yet" })).toBeVisible();
  await screenshot(page, "datasets");

  const nav = page.getByRole("navigation", { name: "Project sections" });
  await nav.getByRole("link", { name: "Runs" }).click();
  await expect(page).toHaveURL(/\/p\/empty-sections\/runs$/);
  await expect(page.getByRole("heading", { name: "No runs yet" })).toBeVisible();
  await screenshot(page, "runs");

  await nav.getByRole("link", { name: "Compare" }).click();
  await expect(page).toHaveURL(/\/p\/empty-sections\/compare$/);
  await expect(page.getByRole("heading", { name: "No runs yet" })).toBeVisible();
  await screenshot(page, "compare");
});

test("create a project, reload, rename it, delete it", async ({ page }) => {
  await page.goto("/projects");
  await expect(page.getByRole("heading", { level: 1, name: "Projects" })).toBeVisible();
  await expect(projectLink(page, "default")).toBeVisible();
  await screenshot(page, "projects");

  // Create: Enter submits; the field is cleared and the new project is listed.
  await createProject(page, "acme-evals");
  await expect(nameInput(page)).toHaveValue("");
  await expect(page.getByRole("status").getByText("Created project 'acme-evals'")).toBeVisible();

  // It is really stored: a reload (server-rendered list) still shows it.
  await page.reload();
  await expect(projectLink(page, "acme-evals")).toBeVisible();

  // A duplicate name: the server's CONFLICT message, inline, and the typed text is kept.
  await nameInput(page).fill("acme-evals");
  await nameInput(page).press("Enter");
  await expect(nameInput(page)).toHaveAccessibleDescription("project 'acme-evals' already exists");
  await expect(nameInput(page)).toHaveValue("acme-evals");
  await expect(nameInput(page)).toHaveAttribute("aria-invalid", "true");
  await screenshot(page, "projects-conflict");

  // Blank names are refused before any request (same zod contract as the server).
  await nameInput(page).fill("   ");
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(nameInput(page)).toHaveAccessibleDescription("Name must not be empty");

  // Rename in a dialog: focus lands in the field, Enter saves.
  await page.getByRole("button", { name: "Rename project acme-evals" }).click();
  const rename = page.getByRole("dialog", { name: "Rename project" });
  await expect(rename).toBeVisible();
  const newName = rename.getByLabel("New name");
  await expect(newName).toBeFocused();
  await expect(newName).toHaveValue("acme-evals");
  await screenshot(page, "projects-rename");

  // Renaming onto a taken name keeps the dialog open with the server's message and the text.
  await newName.fill("default");
  await newName.press("Enter");
  await expect(rename.getByRole("alert")).toHaveText("project 'default' already exists");
  await expect(newName).toHaveValue("default");

  // Esc closes without saving and gives focus back to the button that opened the dialog.
  await page.keyboard.press("Escape");
  await expect(rename).toBeHidden();
  await expect(page.getByRole("button", { name: "Rename project acme-evals" })).toBeFocused();

  await page.getByRole("button", { name: "Rename project acme-evals" }).click();
  await rename.getByLabel("New name").fill("acme-2");
  await rename.getByLabel("New name").press("Enter");
  await expect(rename).toBeHidden();
  await expect(projectLink(page, "acme-2")).toBeVisible();
  await expect(projectLink(page, "acme-evals")).toHaveCount(0);
  await page.reload();
  await expect(projectLink(page, "acme-2")).toBeVisible();
  await expect(projectLink(page, "acme-evals")).toHaveCount(0);

  // Delete asks first; the safe choice has the focus; cancelling keeps the project.
  await page.getByRole("button", { name: "Delete project acme-2" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete project 'acme-2'?" });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await screenshot(page, "projects-delete");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toBeHidden();
  await expect(projectLink(page, "acme-2")).toBeVisible();

  await page.getByRole("button", { name: "Delete project acme-2" }).click();
  await confirm.getByRole("button", { name: "Delete project" }).click();
  await expect(confirm).toBeHidden();
  await expect(projectLink(page, "acme-2")).toHaveCount(0);
  await page.reload();
  await expect(projectLink(page, "default")).toBeVisible();
  await expect(projectLink(page, "acme-2")).toHaveCount(0);
});

test("the project switcher keeps the section and the URL names the project", async ({ page }) => {
  await page.goto("/projects");
  await createProject(page, "beta");

  await page.goto("/p/default/runs");
  await switcher(page).selectOption("beta");
  await expect(page).toHaveURL(/\/p\/beta\/runs$/);
  await expect(page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Runs" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(switcher(page)).toHaveValue("beta");

  // Names with spaces, an escape-like '%41' and non-ASCII survive the round trip through the URL
  // (decoded exactly once), and the page needs no API call after load: the server prefetched
  // under the same query keys the browser uses.
  const odd = "Q3 evals %41 ü";
  await page.goto("/projects");
  await createProject(page, odd);
  await projectLink(page, odd).click();
  await expect(page).toHaveURL(`/p/${encodeURIComponent(odd)}/datasets`);
  await expect(page.getByRole("heading", { level: 1, name: "Datasets" })).toBeVisible();
  await expect(switcher(page)).toHaveValue(odd);
  const apiCalls: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.startsWith("/api/trpc")) apiCalls.push(request.url());
  });
  await page.reload();
  await page.waitForLoadState("networkidle");
  expect(apiCalls).toEqual([]);
  await expect(switcher(page)).toHaveValue(odd);
  await expect(page.getByRole("heading", { level: 1, name: "Datasets" })).toBeVisible();
});

test("an unknown project or page says so and links back", async ({ page }) => {
  await page.goto("/p/no-such-project/runs");
  await expect(page.getByRole("heading", { name: "Project 'no-such-project' not found" })).toBeVisible();
  await expect(switcher(page)).toHaveValue("");
  await screenshot(page, "project-not-found");
  await page.getByRole("link", { name: "See all projects" }).click();
  await expect(page).toHaveURL(/\/projects$/);

  const response = await page.goto("/nothing/here");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await screenshot(page, "not-found");
});

test("with every project deleted the projects page says what to do", async ({ page }) => {
  await page.goto("/projects");
  const deleteButtons = page.getByRole("button", { name: /^Delete project / });
  // count() does not wait: the table (the default project at least) must be there first.
  await expect(page.getByRole("table", { name: "All projects" })).toBeVisible();
  try {
    while ((await deleteButtons.count()) > 0) {
      const before = await deleteButtons.count();
      await deleteButtons.first().click();
      await page.getByRole("dialog").getByRole("button", { name: "Delete project" }).click();
      await expect(deleteButtons).toHaveCount(before - 1);
    }
    await expect(page.getByRole("heading", { name: "No projects yet" })).toBeVisible();
    await expect(switcher(page)).toHaveValue("");
    await page.reload();
    await expect(page.getByRole("heading", { name: "No projects yet" })).toBeVisible();
    await screenshot(page, "projects-empty");
  } finally {
    // Later specs expect the default project, as a fresh server has it.
    await page.goto("/projects");
    await expect(page.getByRole("table", { name: "All projects" }).or(page.getByRole("heading", { name: "No projects yet" }))).toBeVisible();
    if ((await projectLink(page, "default").count()) === 0) await createProject(page, "default");
  }
});
