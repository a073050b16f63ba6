import path from "node:path";
import type { Page } from "@playwright/test";

export const SCREENSHOT_DIR = path.join(import.meta.dirname, "screenshots");

/**
 * Saves a full-page screenshot of the current page in both themes, as
 * `e2e/screenshots/<name>-light.png` and `<name>-dark.png`, then returns to the light theme.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({
      path: path.join(SCREENSHOT_DIR, `${name}-${colorScheme}.png`),
      fullPage: true,
      animations: "disabled",
      caret: "hide",
    });
  }
  await page.emulateMedia({ colorScheme: "light" });
}
