// Settings in Chromium against `tether serve` (demo workspace).
// - Remote support → templates (IN5): an unknown $VARIABLE is flagged by the core's live
//   preview and the core refuses to save it; nothing is kept.
// - Integrations (CR1–CR2): the BeyondTrust card with an address where nothing answers, then
//   a wrong secret against a sandbox appliance: Test configuration says what happened in the
//   core's words. A typed secret is shown as stored in the keychain (and is there), and never
//   appears in the page afterwards.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:net";
import { after, before } from "node:test";
import { browserSuite, startSandbox, until } from "./support.mjs";

const app = browserSuite("settings");
let sandbox;
before(async () => {
  sandbox = await startSandbox("settings");
});
after(async () => {
  await sandbox?.stop();
});

const DEFAULT_SUBJECT = "Remote support session, code $REMOTESESSIONCODE";

async function openRemoteSupport() {
  await app.click("nav-settings");
  await until("Settings → Remote support", () => app.exists("template-email_subject"));
  await until("the templates loaded", async () => (await app.byTestId("template-email_subject").inputValue()) !== "");
}

/** The problems the editor lists under one template, as [variable, message]. */
const problems = (template) =>
  app.page.evaluate(
    (t) =>
      [...document.querySelectorAll(`[data-testid="template-problem"][data-template="${t}"]`)].map((e) => [
        e.dataset.variable,
        e.textContent.trim(),
      ]),
    template,
  );

app.test("templates: an unknown $VARIABLE is flagged and the core refuses to save it", async () => {
  await openRemoteSupport();
  const subject = app.byTestId("template-email_subject");
  assert.equal(await subject.inputValue(), DEFAULT_SUBJECT);
  assert.equal(await app.byTestId("rs-save").isEnabled(), false, "nothing to save yet");

  await subject.fill("Ticket $TICKETNUMBER: remote support, code $REMOTESESSIONCODE");
  const flagged = await until("the core's problem under the subject", async () => {
    const p = await problems("email_subject");
    return p.length > 0 && p;
  });
  assert.deepEqual(flagged, [
    [
      "$TICKETNUMBER",
      "$TICKETNUMBER is not a variable; use $LINKTOREMOTE, $REMOTESESSIONCODE or $REMOTEINVITE (write $$ for a dollar sign)",
    ],
  ]);
  assert.equal(await subject.getAttribute("aria-invalid"), "true");
  // The live preview leaves the unknown variable as written and fills in the sample code.
  assert.equal(
    await app.waitText("template-preview-subject", /TICKETNUMBER/),
    "Ticket $TICKETNUMBER: remote support, code 123456789",
  );

  // $REMOTEINVITE inside its own paragraph is a problem too.
  const paragraph = app.byTestId("template-remote_invite_html");
  const paragraphBefore = await paragraph.inputValue();
  await paragraph.fill(`${paragraphBefore}\n$REMOTEINVITE`);
  assert.deepEqual(
    await until("the paragraph's problem", async () => {
      const p = await problems("remote_invite_html");
      return p.length > 0 && p;
    }),
    [["$REMOTEINVITE", "$REMOTEINVITE cannot be used inside itself"]],
  );
  await paragraph.fill(paragraphBefore);
  await until("the paragraph clean again", async () => (await problems("remote_invite_html")).length === 0);

  // Save is offered (the UI leaves the verdict to the core), and the core refuses it.
  assert.equal(await app.byTestId("rs-save").isEnabled(), true);
  await app.click("rs-save");
  // The core names the template, then its problem.
  assert.match(
    await app.waitText("rs-error", /Not saved/),
    /^Not saved\. .*email subject: \$TICKETNUMBER is not a variable; use \$LINKTOREMOTE, \$REMOTESESSIONCODE or \$REMOTEINVITE \(write \$\$ for a dollar sign\)$/i,
  );
  assert.equal(await subject.inputValue(), "Ticket $TICKETNUMBER: remote support, code $REMOTESESSIONCODE", "what was typed stays");

  // Nothing was kept: after a reload the saved subject is the old one.
  await app.page.reload();
  await until("the board again", () => app.exists("channel-home"));
  await openRemoteSupport();
  assert.equal(await app.byTestId("template-email_subject").inputValue(), DEFAULT_SUBJECT);

  // A dollar sign written as $$ is no problem, and saves.
  await app.byTestId("template-email_subject").fill("Remote support ($$0), code $REMOTESESSIONCODE");
  await app.waitText("template-preview-subject", /\(\$0\)/);
  assert.deepEqual(await problems("email_subject"), []);
  await app.click("rs-save");
  await app.successToast(/^Remote support settings saved$/);
  assert.equal(await app.exists("rs-error"), false);
});

/** A loopback port where nothing listens. */
async function closedPort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

/** Everything the page holds that a secret could leak into: the DOM, input values, storage. */
const pageDump = () =>
  app.page.evaluate(() =>
    [
      document.documentElement.outerHTML,
      ...[...document.querySelectorAll("input, textarea, select")].map((e) => e.value),
      JSON.stringify({ ...sessionStorage }),
      JSON.stringify({ ...localStorage }),
    ].join("\n"),
  );

/** Runs Test configuration and waits for a new result (its time changes) matching `re`. */
async function testConfiguration(kind, re) {
  const at = () =>
    app.page.evaluate(
      (s) => document.querySelector(`${s} time`)?.getAttribute("datetime") ?? null,
      app.sel(`integration-test-result-${kind}`),
    );
  const previous = await at();
  await app.click(`integration-test-${kind}`);
  return until(`a new test result matching ${re}`, async () => {
    const t = await app.text(`integration-test-result-${kind}`);
    return t && re.test(t) && (await at()) !== previous ? t : null;
  });
}

app.test("integrations: bad address and wrong secret in the core's words; secrets only in the keychain", async () => {
  const FIRST = `first-secret-${process.pid}-${Date.now()}`;
  const WRONG = `wrong-secret-${process.pid}-${Date.now()}`;
  await app.click("nav-settings");
  await until("the BeyondTrust card", () => app.exists("integration-beyondtrust"));
  assert.equal(await app.text("integration-status-beyondtrust"), "Not set up");

  // An address where nothing answers.
  const port = await closedPort();
  await app.byTestId("integration-field-beyondtrust-base_url").fill(`http://127.0.0.1:${port}`);
  await app.byTestId("integration-field-beyondtrust-client_id").fill("sandbox-bt-client");
  await app.byTestId("integration-field-beyondtrust-client_secret").fill(FIRST);
  await app.byTestId("integration-enabled-beyondtrust").check();
  await app.click("integration-save-beyondtrust");
  await app.waitText("integration-secret-stored-beyondtrust-client_secret", /Stored in the keychain/);
  await app.successToast(/BeyondTrust Remote Support settings saved/);
  const unreachable = await testConfiguration("beyondtrust", /cannot reach/);
  assert.match(unreachable, /^cannot reach BeyondTrust Remote Support: nothing answered\. Check the address and the network/);
  assert.equal(await app.attr("integration-test-result-beyondtrust", "data-ok"), "false");

  // Not an address at all: refused on Save, in the core's words, on the card.
  await app.byTestId("integration-field-beyondtrust-base_url").fill("support example com");
  await app.click("integration-save-beyondtrust");
  assert.equal(
    await app.waitText("integration-error-beyondtrust", /URL/),
    '"support example com" is not a URL: relative URL without a base',
  );

  // The sandbox appliance with a wrong secret: the 401, with what to check.
  await app.byTestId("integration-field-beyondtrust-base_url").fill(sandbox.url);
  await app.click("integration-secret-replace-beyondtrust-client_secret");
  await app.byTestId("integration-field-beyondtrust-client_secret").fill(WRONG);
  await app.click("integration-save-beyondtrust");
  await until("the error gone once saved", async () => !(await app.exists("integration-error-beyondtrust")));
  await app.waitText("integration-secret-stored-beyondtrust-client_secret", /Stored in the keychain/);
  const refused = await testConfiguration("beyondtrust", /401/);
  assert.match(
    refused,
    /^BeyondTrust Remote Support refused the credentials \(401\): BeyondTrust refused the client ID or secret \(invalid_client\): check the API account in \/login → Management → API Configuration/,
  );

  // The secrets are in the keychain (this server's service in the session's gnome-keyring)…
  const keychain = execFileSync("secret-tool", ["search", "--all", "service", app.server.keychainService], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  assert.match(keychain, new RegExp(`secret = ${WRONG}`), "the replaced secret is in the keychain");
  assert.ok(!keychain.includes(FIRST), "Replace overwrote the first secret");
  // …and nowhere in the page: not in the DOM, an input or the tab's storage, even after a reload.
  for (const secret of [FIRST, WRONG]) assert.ok(!(await pageDump()).includes(secret), "a secret is in the page");
  const cards = JSON.stringify(await app.server.call("integrations"));
  assert.ok(!cards.includes(FIRST) && !cards.includes(WRONG), "a secret came back from the core");
  await app.page.reload();
  await until("the board again", () => app.exists("channel-home"));
  await app.click("nav-settings");
  await app.waitText("integration-secret-stored-beyondtrust-client_secret", /Stored in the keychain/);
  assert.equal(await app.byTestId("integration-field-beyondtrust-base_url").inputValue(), sandbox.url);
  assert.equal(await app.exists("integration-field-beyondtrust-client_secret"), false, "no input holds the secret");
  assert.match(await app.text("integration-test-result-beyondtrust"), /refused the credentials \(401\)/);
  for (const secret of [FIRST, WRONG]) assert.ok(!(await pageDump()).includes(secret), "a secret is in the page");
});
