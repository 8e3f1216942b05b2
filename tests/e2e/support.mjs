// What the end-to-end tests share: launching the real app through tauri-driver and reading
// the page by data-testid.
import { execFileSync } from "node:child_process";
import { basename } from "node:path";
import { remote } from "webdriverio";

const { APP_BIN, WEBDRIVER_PORT } = process.env;

/** Whether an app process is still running (an ended WebDriver session only asks it to quit). */
function appRunning() {
  try {
    execFileSync("pgrep", ["-x", basename(APP_BIN).slice(0, 15)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Starts the app (a new process each time) and returns its WebDriver session. The previous
 * one must be gone first: the app is single-instance, so a launch while it still exits would
 * hand its arguments to the dying window and quit. */
export async function launch() {
  await until("the previous app to exit", () => !appRunning(), 20000);
  return remote({
    hostname: "127.0.0.1",
    port: Number(WEBDRIVER_PORT),
    logLevel: "warn",
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: APP_BIN },
    },
  });
}

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
