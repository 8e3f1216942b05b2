// Settings → Integrations in the real window: an admin enters BeyondTrust credentials, a
// wrong secret gets the 401 explanation, the right one passes Test configuration, and after
// a restart the card is still configured — without the secret ever coming back to the page.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { launch, page, until } from "./support.mjs";

const { SANDBOX_URL, ARTIFACTS } = process.env;
const WRONG = `wrong-secret-${Date.now()}`;
const RIGHT = "sandbox-bt-secret"; // the sandbox's BeyondTrust API account
let browser;

let byTestId, text, exists, value;

async function start() {
  browser = await launch();
  ({ byTestId, text, exists, value } = page(browser));
}

async function openSettings() {
  const nav = await until("the Settings entry", async () => {
    const el = await byTestId("nav-settings");
    return (await el.isExisting()) && el;
  });
  await nav.click();
  // What the section shows instead (Loading…, an error) names a failure.
  await until("the BeyondTrust card", async () => {
    if (await exists("integration-beyondtrust")) return true;
    throw new Error(`the section shows: ${await text("integrations")}`);
  });
}

/** Saves the card, runs Test configuration, and waits for a result matching `expected`. */
async function saveAndTest(expected) {
  await (await byTestId("integration-save-beyondtrust")).click();
  await until("the secret stored", () => exists("integration-secret-stored-beyondtrust-client_secret"));
  await (await byTestId("integration-test-beyondtrust")).click();
  return until(`a test result matching ${expected}`, async () => {
    const t = await text("integration-test-result-beyondtrust");
    return t && expected.test(t) && t;
  });
}

after(async () => {
  await browser?.deleteSession();
});

test("BeyondTrust credentials: 401 explained, success, and still configured after a restart", async () => {
  await start();
  try {
    await openSettings();
    await (await byTestId("integration-field-beyondtrust-base_url")).setValue(SANDBOX_URL);
    await (await byTestId("integration-field-beyondtrust-client_id")).setValue("sandbox-bt-client");
    await (await byTestId("integration-field-beyondtrust-client_secret")).setValue(WRONG);
    const enabled = await byTestId("integration-enabled-beyondtrust");
    if (!(await enabled.isSelected())) await enabled.click();

    const refused = await saveAndTest(/refused the credentials \(401\)/);
    assert.match(refused, /invalid_client/);

    await (await byTestId("integration-secret-replace-beyondtrust-client_secret")).click();
    await (await byTestId("integration-field-beyondtrust-client_secret")).setValue(RIGHT);
    const passed = await saveAndTest(/BeyondTrust API 1\.19\.0 answered/);
    assert.match(passed, /command full_access/);
    await browser.saveScreenshot(`${ARTIFACTS}/integrations.png`);
  } catch (e) {
    await browser.saveScreenshot(`${ARTIFACTS}/integrations-failure.png`).catch(() => {});
    throw e;
  }

  // Restart the app: the card is still configured, from the cache and the keychain.
  await browser.deleteSession();
  await start();
  await openSettings();
  assert.equal(await value("integration-field-beyondtrust-base_url"), SANDBOX_URL);
  assert.equal(await value("integration-field-beyondtrust-client_id"), "sandbox-bt-client");
  assert.ok(await exists("integration-secret-stored-beyondtrust-client_secret"));
  assert.match(await text("integration-status-beyondtrust"), /Test passed/);
  // The secret is never read back into the page.
  const page = await browser.getPageSource();
  assert.ok(!page.includes(RIGHT) && !page.includes(WRONG), "a secret reached the page");
});

test("a technician authorises TeamViewer through the loopback flow; no secret comes back over IPC", async () => {
  await openSettings();
  await (await byTestId("integration-field-teamviewer-base_url")).setValue(`${SANDBOX_URL}/api/v1`);
  await (await byTestId("integration-field-teamviewer-client_id")).setValue("sandbox-tv-app");
  await (await byTestId("integration-field-teamviewer-client_secret")).setValue("sandbox-tv-app-secret");
  await (await byTestId("integration-save-teamviewer")).click();
  await until("the app secret stored", () => exists("integration-secret-stored-teamviewer-client_secret"));

  await (await byTestId("integration-authorise-teamviewer")).click();
  const link = await until("the sign-in link", () =>
    browser.execute(() => document.querySelector('[data-testid="integration-authorise-link-teamviewer"]')?.href ?? null));
  // The test plays the browser: the consent page redirects to Tether's loopback listener.
  const landed = await fetch(link);
  assert.equal(landed.status, 200, "the loopback page says Tether is authorised");
  await until("Authorised on the card", async () => (await text("integration-authorisation-teamviewer"))?.includes("Authorised"));

  // What the core answers the page over IPC for every read the Settings view makes.
  const answers = await browser.executeAsync((done) => {
    const invoke = window.__TAURI_INTERNALS__.invoke;
    Promise.all([
      invoke("integrations"),
      invoke("authorisation", { kind: "teamviewer" }),
      invoke("test_integration", { kind: "beyondtrust" }),
      invoke("board"),
    ]).then((all) => done(JSON.stringify(all)), (e) => done(`failed: ${JSON.stringify(e)}`));
  });
  assert.match(answers, /"authorised":true/, answers.slice(0, 200));
  for (const secret of ["sandbox-tv-app-secret", RIGHT, WRONG]) {
    assert.ok(!answers.includes(secret), `a secret came back over IPC: ${secret}`);
  }
  await browser.saveScreenshot(`${ARTIFACTS}/teamviewer-authorised.png`);

  // Least privilege (CR4): the page cannot reach what the UI does not use.
  const denied = await browser.executeAsync((done) => {
    window.__TAURI_INTERNALS__
      .invoke("plugin:opener|open_url", { url: "https://example.com" })
      .then(() => done("allowed"), (e) => done(String(e)));
  });
  assert.match(denied, /not allowed/i);
});
