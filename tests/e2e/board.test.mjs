// The Service Desk board in the real Tauri window: create a session, the end user (the
// sandbox) launches, the board turns Active and a Notify call with its name reaches D-Bus,
// permission is requested and granted, then release, close, and a refused illegal action.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { launch, page, until } from "./support.mjs";

const { SANDBOX_URL, NOTIFY_LOG, ARTIFACTS, NOTIFY_DAEMON_PID } = process.env;
const name = `Dana Whitfield ${Date.now() % 100000}`;
let browser;

let byTestId, text;

async function endUser(code, action) {
  const r = await fetch(`${SANDBOX_URL}/_sandbox/splashtop/sessions/${code}/${action}`, { method: "POST" });
  assert.equal(r.status, 200, `sandbox ${action}: ${await r.text()}`);
}

/** Whether an X window has exactly this title. */
const windowTitled = (title) =>
  spawnSync("xdotool", ["search", "--name", `^${title}$`], { encoding: "utf8" }).stdout.trim() !== "";

async function sandboxSession(customer = name) {
  const sessions = await (await fetch(`${SANDBOX_URL}/_sandbox/splashtop/sessions`)).json();
  return sessions.find((s) => s.customer_name === customer);
}

async function createSession(customer, issue) {
  await (await byTestId("new-session")).click();
  await (await byTestId("new-customer-name")).setValue(customer);
  await (await byTestId("new-issue")).setValue(issue);
  await (await byTestId("create-session")).click();
  await until("the detail of the new session", async () => (await text("session-name"))?.includes(customer));
}

before(async () => {
  browser = await launch();
  ({ byTestId, text } = page(browser));
});

after(async () => {
  await browser?.deleteSession();
});

// On failure, a picture of the window says more than the assertion.
async function screenshotOnFailure(body) {
  try {
    await body();
  } catch (e) {
    await browser?.saveScreenshot(`${ARTIFACTS}/failure.png`).catch(() => {});
    throw e;
  }
}

test("a session goes from created to Active to Closed, with a notification and a refusal", () => screenshotOnFailure(async () => {
  // The poller adds the provider's channels shortly after start.
  const channel = await until("the Front desk channel", async () => {
    const el = await byTestId("channel-splashtop-1");
    return (await el.isExisting()) && el;
  });
  await channel.click();

  await createSession(name, "Outlook crashes on start");

  // textContent, not WebDriver's rendered text: rows of the virtual list are positioned
  // absolutely, which WebKitWebDriver's visibility heuristics can misjudge.
  await until("the new row", () =>
    browser.execute(
      (n) => [...document.querySelectorAll('[data-testid="session-row"]')].some((r) => r.textContent.includes(n)),
      name,
    ));
  assert.equal(await text("session-state"), "Pending");

  const remote = await until("the session at the provider", sandboxSession);
  assert.match(remote.code, /^\d{9}$/);

  await endUser(remote.code, "launch");
  await until("Active", async () => (await text("session-state")) === "Active");
  await until("a Notify call naming the session", async () => {
    const log = await readFile(NOTIFY_LOG, "utf8");
    return log.includes("member=Notify") && log.includes(`${name} — Active`);
  });
  // With the app's icon, and what to do next.
  const notified = await readFile(NOTIFY_LOG, "utf8");
  assert.match(notified, /string "[^"]*notification-icon\.png"/);
  assert.match(notified, /request permission \(P\), then start the session \(S\)/);
  // The popup on the screen, as the technician sees it (the README shows it), once the
  // daemon has drawn it and the window has painted its Active row.
  await until("the popup on the screen", () =>
    spawnSync("xwininfo", ["-root", "-tree"], { encoding: "utf8" }).stdout.includes("notification-daemon"));
  await new Promise((r) => setTimeout(r, 1000));
  spawnSync("import", ["-window", "root", `${ARTIFACTS}/notification.png`]);

  const start = await byTestId("action-start-remote");
  assert.equal(await start.getAttribute("data-enabled"), "false", "no start before a grant");
  await (await byTestId("action-request-permission")).click();
  await until("the request at the provider", async () => (await sandboxSession()).permission_status === "requested");
  await endUser(remote.code, "grant");
  await until("Start remote session enabled", async () =>
    (await (await byTestId("action-start-remote")).getAttribute("data-enabled")) === "true");

  await (await byTestId("action-release")).click();
  await until("In queue", async () => (await text("session-state")) === "In queue");
  // Released, it waits for someone to take it: the window's own title (the X window's, as
  // the taskbar shows it) counts it.
  await until("the title counting it", () => windowTitled("Tether — 1 waiting"));

  await (await byTestId("action-close")).click();
  const confirm = await byTestId("confirm-close");
  await confirm.waitForExist({ timeout: 5000 });
  await confirm.click();
  await until("Closed", async () => (await text("session-state")) === "Closed");
  await until("the provider closed too", async () => (await sandboxSession()).status === "closed");
  await until("the title without a count", () => windowTitled("Tether"));

  // An illegal action is refused by the core and the refusal is shown.
  await (await byTestId("action-release")).click();
  const refusal = await until("the refusal", () => text("toast-error"));
  assert.match(refusal, /Cannot release a session that is Closed/);
  assert.equal(await text("session-state"), "Closed", "nothing changed");

  const history = await browser.$$('[data-testid="history-entry"]');
  assert.ok(history.length >= 5, `history has ${history.length} entries`);

  await browser.saveScreenshot(`${ARTIFACTS}/board.png`);
}));

test("a notification that cannot be shown is reported in Settings", () => screenshotOnFailure(async () => {
  process.kill(Number(NOTIFY_DAEMON_PID));
  const unheard = `Unheard ${Date.now() % 100000}`;
  await createSession(unheard, "Nobody will see this popup");
  const remote = await until("the session at the provider", () => sandboxSession(unheard));
  await endUser(remote.code, "launch");
  await until("Active", async () => (await text("session-state")) === "Active");

  await (await byTestId("nav-settings")).click();
  const health = await until("the failure in Settings", async () => {
    const t = await text("notifier-health");
    return t?.includes("no notification service") && t;
  });
  assert.match(health, /1\s*failed/);
  assert.match(health, /start the desktop's notification daemon/);
  await browser.saveScreenshot(`${ARTIFACTS}/settings-notifier-failure.png`);
}));
