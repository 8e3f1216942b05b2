// The desk's Assets and Unlinked sessions in Chromium against `tether serve` (demo workspace).
// - Launches (UA1–UA5): an asset's Splashtop buttons; in a browser there is no system opener,
//   so the page opens the core's URL itself (captured here) — the st-business:// URL the core
//   builds — and every launch lands in the asset's history. An Android asset has no button,
//   with the reason.
// - Unlinked sessions (BT7): a BeyondTrust session whose key named no ticket lands in the view
//   with the core's reason and a suggested ticket; one click links it to the ticket.
//   BeyondTrust is set up as a script would (the command table), against a sandbox appliance
//   whose outbound events go to this server's receiver.
import assert from "node:assert/strict";
import { after } from "node:test";
import { browserSuite, startSandbox, until } from "./support.mjs";

const app = browserSuite("desk");
let sandbox;
after(async () => {
  await sandbox?.stop();
});

/** BeyondTrust set up as a script would, against a sandbox appliance posting to this server. */
async function setUpBeyondTrust() {
  sandbox = await startSandbox("desk");
  await app.server.call("save_integration", {
    update: {
      kind: "beyondtrust",
      enabled: true,
      values: { base_url: sandbox.url, client_id: "sandbox-bt-client" },
      secrets: { client_secret: "sandbox-bt-secret" },
    },
  });
  const receiver = await app.server.call("events_receiver");
  assert.ok(receiver, "the server has a BeyondTrust events receiver");
  await control("outbound", { recipient: receiver });
}

/** The sandbox appliance's test controls (what the customer and the rep do). */
async function control(path, body = {}) {
  const r = await fetch(`${sandbox.url}/_sandbox/beyondtrust/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.ok(r.ok, `${path}: ${r.status}`);
  return r.json().catch(() => null);
}

/** A session key made at the appliance without Tether (no external key), as a rep console would. */
async function keyWithoutTicket() {
  const basic = Buffer.from("sandbox-bt-client:sandbox-bt-secret").toString("base64");
  const token = await fetch(`${sandbox.url}/oauth2/token`, {
    method: "POST",
    headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  }).then((r) => r.json());
  const xml = await fetch(`${sandbox.url}/api/command`, {
    method: "POST",
    headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/x-www-form-urlencoded" },
    body: "action=generate_session_key&type=support&queue_id=team:3&ttl=600",
  }).then((r) => r.text());
  return /<short_key>(\d+)<\/short_key>/.exec(xml)[1];
}

const launchLabels = () =>
  app.page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="launch-button"]')].map((b) => [b.dataset.buttonId, b.textContent.trim()]),
  );

app.test("assets: launch buttons show the demo's viewer with the core's st-business:// URL and are recorded; Android has none", async () => {
  await app.keys("g", "a");
  await until("NW-PC-0042 in the list", () => app.exists("asset-row-nw-pc-0042"));
  await app.click("asset-row-nw-pc-0042");
  await app.waitText("asset-name", /^NW-PC-0042$/);
  // The demo launches by MAC address and by Splashtop device ID.
  assert.deepEqual(
    await until("the launch buttons", async () => {
      const b = await launchLabels();
      return b.length === 2 && b;
    }),
    [
      ["splashtop:mac_address", "Splashtop · MAC address"],
      ["splashtop:splashtop_uuid", "Splashtop · Splashtop device ID"],
    ],
  );
  assert.deepEqual(await app.texts("launch-entry"), []);

  // What the core says each button opens (launch_url records nothing).
  const expected = {};
  for (const id of ["splashtop:mac_address", "splashtop:splashtop_uuid"]) {
    expected[id] = (await app.server.call("launch_url", { asset_id: "nw-pc-0042", button_id: id })).url;
  }
  assert.equal(
    expected["splashtop:mac_address"],
    "st-business://com.splashtop.business?account=alex%40demo.tether.invalid&mac=3C52821A4F07",
  );
  assert.match(expected["splashtop:splashtop_uuid"], /^st-business:\/\/com\.splashtop\.business\?account=alex%40demo\.tether\.invalid&uuid=8F4C2E1B-6A7D-4E39-9C0B-2D5F7A1E3B64/);

  // The demo has no Splashtop to open: its viewer stands in, with the URL a desk opens.
  await app.page.locator('[data-testid="launch-button"][data-button-id="splashtop:mac_address"]').click();
  await app.successToast(/^Opening Splashtop · MAC address$/);
  await app.waitText("demo-viewer-connected", /^Connected to NW-PC-0042$/);
  assert.equal(await app.text("demo-viewer-url"), expected["splashtop:mac_address"]);
  await app.click("demo-viewer-end");
  const first = await until("the launch in the history", async () => {
    const e = await app.texts("launch-entry");
    return e.length === 1 && e[0];
  });
  assert.match(first, /Alex Rivera\s*Splashtop · MAC address/);

  await app.page.locator('[data-testid="launch-button"][data-button-id="splashtop:splashtop_uuid"]').click();
  await until("the second viewer", async () => (await app.text("demo-viewer-url")) === expected["splashtop:splashtop_uuid"]);
  await app.click("demo-viewer-end");
  const entries = await until("two launches in the history", async () => {
    const e = await app.texts("launch-entry");
    return e.length === 2 && e;
  });
  assert.ok(entries.some((e) => /Splashtop · Splashtop device ID/.test(e)), entries.join("\n"));

  // An Android tablet: no Splashtop button, and why, where the button would be.
  await app.click("asset-row-co-tab-03");
  await app.waitText("asset-name", /^CO-TABLET-03$/);
  const reason = await app.waitText("launch-unavailable", /Android/);
  assert.equal(reason, "Splashtop cannot reach Android devices, so this asset has no Splashtop button");
  assert.deepEqual(await launchLabels(), []);
  const placeholder = app.byTestId("launch-placeholder");
  assert.equal(await placeholder.getAttribute("title"), reason);
  assert.equal(await placeholder.isDisabled(), true);
  assert.deepEqual(await app.opened(), [], "the demo opens nothing");
});

app.test("unlinked sessions: a session with no ticket waits with the core's reason and is linked in one click", async () => {
  await setUpBeyondTrust();
  await app.keys("g", "u");
  await until("the Unlinked sessions view", () => app.exists("unlinked-view"));
  await app.waitText("unlinked-empty", /No sessions waiting/);

  // At the appliance: a key without a ticket; Maria joins, chats, and the rep ends it.
  const joined = await control(`keys/${await keyWithoutTicket()}/join`, { customer_name: "Maria Anders" });
  await control(`sessions/${joined.lsid}/chat`, { from: "customer", body: "The printer is blank again" });
  await control(`sessions/${joined.lsid}/end`, { duration_secs: 300 });

  // The receiver takes the event in; the view and the sidebar follow without a reload.
  await until("the unlinked session", () => app.exists("unlinked-row"), 15000);
  assert.equal(await app.waitText("nav-unlinked-count", /\d/), "1");
  assert.equal(await app.text("unlinked-status"), "Unlinked");
  assert.equal(await app.text("unlinked-reason"), "Not linked: the session has no external key.");
  assert.equal(await app.text("unlinked-duration"), "5 min");
  assert.match(await app.text("unlinked-row"), /Maria Anders\s*with Alex Rivera/);
  const suggestions = await app.texts("unlinked-suggestion");
  assert.equal(suggestions.length, 1, suggestions.join("\n"));
  assert.match(suggestions[0], /^#1042 Label printer prints blank pages/);

  await app.click("link-suggestion");
  await app.successToast(/^Session linked to #1042 Label printer prints blank pages$/);
  await until("the row gone once linked", async () => !(await app.exists("unlinked-row")));
  await app.waitText("unlinked-empty", /No sessions waiting/);

  // On the ticket: the remote session, with its time and transcript.
  await app.keys("g", "t");
  await until("ticket #1042", () => app.exists("ticket-row-1042"));
  await app.click("ticket-row-1042");
  await app.waitText("ticket-number", /^#1042$/);
  const action = await until("the remote session on the ticket", () =>
    app.page.evaluate(() => {
      const a = [...document.querySelectorAll('[data-testid="ticket-action"]')].find((e) => e.dataset.kind === "remote_session");
      return a ? a.textContent.replace(/\s+/g, " ") : null;
    }),
  );
  assert.match(action, /5 min/);
  assert.match(action, /Maria Anders: The printer is blank again/);
});
