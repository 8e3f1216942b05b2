// What the browser tests share: a `tether serve` of their own (a fresh data dir and keychain
// service per test file, so files are independent), real Chromium on the `open` URL it
// prints, and readers by data-testid. Everything asserted comes from the core through the UI.
//
// Run through tests/browser/run.sh, which sets up the private XDG dirs and the unlocked
// gnome-keyring these servers use; the variables below say where things are.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";

const ROOT = resolve(import.meta.dirname, "../..");
const TETHER = process.env.TETHER_BIN ?? join(ROOT, "target/debug/tether");
const UI_DIR = process.env.TETHER_UI_DIR ?? join(ROOT, "ui/dist");
const WORK = process.env.BROWSER_WORK ?? mkdtempSync("/tmp/tether-browser-");
export const ARTIFACTS = process.env.BROWSER_ARTIFACTS ?? join(ROOT, "tests/artifacts/browser");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/**
 * Every process this file starts, so none outlives it: stopped in `after`, killed on exit if a
 * test crashed, and listed in `<dir>/pid` for run.sh to kill should node itself be killed.
 */
const children = new Set();
process.on("exit", () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
});
function track(child, dir) {
  children.add(child);
  child.once("exit", () => children.delete(child));
  writeFileSync(join(dir, "pid"), `${child.pid}\n`);
  return child;
}

/** Polls `check` until it returns something truthy, and returns that. No fixed sleeps. */
export async function until(what, check, timeout = 10000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await check();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

/**
 * Starts `tether --json serve --ui ui/dist` on a fresh data dir and waits for its JSON line
 * `{url, token, open}`. `name` names the data dir, log and keychain service.
 */
export async function startServer(name, env = {}) {
  const dir = mkdtempSync(join(WORK, `${name}-`));
  const log = join(dir, "serve.log");
  const keychainService = `dev.tether.browser-test.${basename(dir)}`;
  const child = spawn(TETHER, ["--json", "serve", "--ui", UI_DIR], {
    cwd: ROOT,
    env: {
      ...process.env,
      TETHER_DATA_DIR: join(dir, "data"),
      // The keychain is the session's gnome-keyring; each server files its secrets apart.
      TETHER_KEYCHAIN_SERVICE: keychainService,
      // Its own BeyondTrust events receiver: the default port may be another Tether's.
      TETHER_EVENTS_BIND: "127.0.0.1:0",
      TETHER_LOG: process.env.TETHER_LOG ?? "info",
      ...env,
    },
    stdio: ["ignore", "pipe", openSync(log, "a")],
  });
  track(child, dir);
  const line = await new Promise((ok, fail) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error(`tether serve printed nothing in 20 s (see ${log})`)), 20000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const nl = out.indexOf("\n");
      if (nl >= 0) {
        clearTimeout(timer);
        ok(out.slice(0, nl));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`tether serve exited with ${code} before printing its address (see ${log})`));
    });
  });
  child.stdout.resume();
  const info = JSON.parse(line);
  if (!info.open || !info.url || !info.token) throw new Error(`unexpected first line: ${line}`);
  return {
    ...info,
    dir,
    log,
    /** The keychain service its secrets are filed under (Secret Service attribute `service`). */
    keychainService,
    /**
     * Calls a command of the table directly, as a script would: to set things up, or to
     * cross-check what the core holds. What the UI shows is always read from the page.
     */
    async call(command, args = {}) {
      const r = await fetch(`${info.url}/api/${command}`, {
        method: "POST",
        headers: { authorization: `Bearer ${info.token}`, "content-type": "application/json" },
        body: JSON.stringify(args),
      });
      const body = await r.json().catch(() => null);
      if (!r.ok) throw new Error(`${command}: ${r.status} ${JSON.stringify(body)}`);
      return body;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** A standalone sandbox (`tether sandbox --port 0`): the BeyondTrust appliance some tests need. */
export async function startSandbox(name) {
  const dir = mkdtempSync(join(WORK, `${name}-sandbox-`));
  const child = spawn(TETHER, ["sandbox", "--port", "0"], {
    cwd: ROOT,
    env: { ...process.env, TETHER_DATA_DIR: join(dir, "data") },
    stdio: ["ignore", "pipe", openSync(join(dir, "sandbox.log"), "a")],
  });
  track(child, dir);
  const url = await new Promise((ok, fail) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error("the sandbox printed no URL in 10 s")), 10000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const nl = out.indexOf("\n");
      if (nl >= 0) {
        clearTimeout(timer);
        ok(out.slice(0, nl).trim());
      }
    });
    child.on("exit", (code) => fail(new Error(`the sandbox exited with ${code}`)));
  });
  child.stdout.resume();
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await gone;
    },
  };
}

/**
 * In a plain browser there is no system opener: the page opens the core's URLs itself with
 * window.open. This records them instead, so a test can read what would have opened.
 */
function captureOpens() {
  window.__opened = [];
  window.open = (url) => {
    window.__opened.push(String(url));
    return null;
  };
}

/** Readers and actions on one page, by data-testid (textContent, trimmed). */
export function reader(page) {
  const sel = (id) => `[data-testid="${id}"]`;
  const r = {
    page,
    sel,
    byTestId: (id) => page.locator(sel(id)),
    exists: (id) => page.evaluate((s) => !!document.querySelector(s), sel(id)),
    text: (id) => page.evaluate((s) => document.querySelector(s)?.textContent.replace(/\s+/g, " ").trim() ?? null, sel(id)),
    texts: (id) =>
      page.evaluate((s) => [...document.querySelectorAll(s)].map((e) => e.textContent.replace(/\s+/g, " ").trim()), sel(id)),
    attr: (id, name) => page.evaluate(([s, n]) => document.querySelector(s)?.getAttribute(n) ?? null, [sel(id), name]),
    click: (id) => page.locator(sel(id)).first().click(),
    /**
     * Clicks an action the page shows as unavailable (aria-disabled, never `disabled`): the UI
     * keeps it clickable so the refusal is the core's own words.
     */
    clickAnyway: (id) => page.locator(sel(id)).first().click({ force: true }),
    /**
     * Picks an option of a select by value. A select shown as unavailable (aria-disabled) still
     * takes a choice from the user, whose refusal is the core's; Playwright will not pick in
     * one, so the choice is made as the browser makes it: value set, input and change fired.
     */
    async select(id, value) {
      const locator = page.locator(sel(id)).first();
      if ((await locator.getAttribute("aria-disabled")) !== "true") return locator.selectOption(value);
      await locator.evaluate((el, v) => {
        if (![...el.options].some((o) => o.value === v)) throw new Error(`no option ${v}`);
        el.value = v;
        el.dispatchEvent(new Event("input", { bubbles: true }));
        el.dispatchEvent(new Event("change", { bubbles: true }));
      }, value);
    },
    /** Whether the element says it is unavailable (aria-disabled="true"). */
    unavailable: (id) => page.evaluate((s) => document.querySelector(s)?.getAttribute("aria-disabled") === "true", sel(id)),
    /** Waits for the element and returns its text once it matches `re`. */
    async waitText(id, re, timeout) {
      return until(`${id} to read ${re}`, async () => {
        const t = await r.text(id);
        return t !== null && re.test(t) ? t : null;
      }, timeout);
    },
    /** The newest error toast matching `re` (toasts carry the core's refusal as it is). */
    async errorToast(re, timeout) {
      return until(`an error toast matching ${re}`, async () => {
        const all = await r.texts("toast-error");
        return all.reverse().find((t) => re.test(t)) ?? null;
      }, timeout);
    },
    async successToast(re, timeout) {
      return until(`a success toast matching ${re}`, async () => {
        const all = await r.texts("toast-success");
        return all.reverse().find((t) => re.test(t)) ?? null;
      }, timeout);
    },
    /** Dismisses every error toast, so the next refusal is read on its own. */
    async clearErrorToasts() {
      await page.evaluate(() => {
        for (const b of document.querySelectorAll('.toast.error button[aria-label="Dismiss"]')) b.click();
      });
      await until("no error toast", async () => (await r.texts("toast-error")).length === 0);
    },
    /** URLs the page tried to open (see captureOpens). */
    opened: () => page.evaluate(() => window.__opened ?? []),
    /** Presses keys as shortcuts, with the focus on the page rather than a field. */
    async keys(...keys) {
      await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
      for (const k of keys) await page.keyboard.press(k);
    },
  };
  return r;
}

/**
 * One test file's world: a server, Chromium, and a page opened at the server's `open` URL,
 * started before the file's tests and stopped after them. `ctx` is filled in by `before`.
 */
export function browserSuite(name, { env } = {}) {
  const ctx = { name };
  let browser;
  before(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    ctx.server = await startServer(name, env);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 960 } });
    // Fail fast: every wait in these tests is short, the whole suite runs in about a minute.
    context.setDefaultTimeout(10000);
    await context.addInitScript(captureOpens);
    const page = await context.newPage();
    ctx.pageErrors = [];
    page.on("pageerror", (e) => ctx.pageErrors.push(String(e)));
    // A refusal is an HTTP error status the browser logs as a failed load: expected. Anything
    // else the page logs as an error, or throws, fails the file (see `after`).
    page.on("console", (m) => {
      if (m.type() === "error" && !/^Failed to load resource: the server responded with a status of/.test(m.text())) {
        ctx.pageErrors.push(`console: ${m.text()}`);
      }
    });
    await page.goto(ctx.server.open);
    Object.assign(ctx, reader(page));
    // The app is up once the sidebar has the board's channels.
    await until("the board", () => ctx.exists("channel-home"), 15000);
  });
  after(async () => {
    await browser?.close().catch(() => {});
    await ctx.server?.stop();
    if (ctx.pageErrors?.length) throw new Error(`${name}: the page failed:\n${ctx.pageErrors.join("\n")}`);
  });
  /** A node:test test that keeps a screenshot of the page when it fails. */
  ctx.test = (title, fn) =>
    test(title, async (t) => {
      try {
        await fn(t);
      } catch (e) {
        const file = join(ARTIFACTS, `${name}-${title.replace(/[^a-z0-9]+/gi, "-").slice(0, 60)}.png`);
        await ctx.page?.screenshot({ path: file, fullPage: true }).catch(() => {});
        if (ctx.pageErrors?.length) e.message += `\npage errors: ${ctx.pageErrors.join("\n")}`;
        e.message += `\nscreenshot: ${file}\nserver log: ${ctx.server?.log}`;
        throw e;
      }
    });
  return ctx;
}
