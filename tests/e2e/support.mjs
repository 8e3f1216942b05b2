// What the end-to-end tests share: launching the real app through tauri-driver and reading
// the page by data-testid.
import { remote } from "webdriverio";

const { APP_BIN, WEBDRIVER_PORT } = process.env;

/** Starts the app (a new process each time) and returns its WebDriver session. */
export const launch = () =>
  remote({
    hostname: "127.0.0.1",
    port: Number(WEBDRIVER_PORT),
    logLevel: "warn",
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: APP_BIN },
    },
  });

/** Polls `check` until it returns something truthy, and returns that. */
export async function until(what, check, timeout = 15000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await check();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last})`);
}

/** Page readers bound to one session. textContent, not WebDriver's rendered text: rows of the
 * virtual list are positioned absolutely, which WebKitWebDriver's visibility rules misjudge. */
export function page(browser) {
  return {
    byTestId: (id) => browser.$(`[data-testid="${id}"]`),
    text: (id) =>
      browser.execute((t) => document.querySelector(`[data-testid="${t}"]`)?.textContent.trim() ?? null, id),
    exists: (id) => browser.execute((t) => !!document.querySelector(`[data-testid="${t}"]`), id),
    value: (id) => browser.execute((t) => document.querySelector(`[data-testid="${t}"]`)?.value ?? null, id),
  };
}
