// BeyondTrust in the real window (SPEC BT1–BT8, IN8): from a ticket, an invitation to a
// technician who is not logged in to BeyondTrust; the dialog shows the default team before
// sending; the sandbox's customer joins with the key and chats, the rep ends the session; the
// appliance's outbound event reaches the app's receiver, and the ticket shows one action
// with the transcript and the duration. Runs after integrations.test.mjs, which entered the
// BeyondTrust credentials.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { launch, until, page } from "./support.mjs";

const { ARTIFACTS, SANDBOX_URL, TETHER_BIN, TETHER_EVENTS_URL } = process.env;

function tether(args, input) {
  return execFileSync(TETHER_BIN, args, { input, encoding: "utf8" });
}

/** A key made at the appliance without Tether (no external key), as a rep console would. */
async function keyWithoutTicket() {
  const basic = Buffer.from("sandbox-bt-client:sandbox-bt-secret").toString("base64");
  const token = await fetch(`${SANDBOX_URL}/oauth2/token`, {
    method: "POST",
    headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  }).then((r) => r.json());
  const xml = await fetch(`${SANDBOX_URL}/api/command`, {
    method: "POST",
    headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/x-www-form-urlencoded" },
    body: "action=generate_session_key&type=support&queue_id=team:3&ttl=600",
  }).then((r) => r.text());
  return /<short_key>(\d+)<\/short_key>/.exec(xml)[1];
}

async function control(path, body = {}) {
  const r = await fetch(`${SANDBOX_URL}/_sandbox/beyondtrust/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.ok(r.ok, `${path}: ${r.status}`);
  return r.json().catch(() => null);
}

test("an invite to an absent rep goes to the default team and the finished session lands on the ticket", async () => {
  // As an admin would: Get teams, Helpdesk as the default, agents by BeyondTrust name.
  const fetched = JSON.parse(tether(["beyondtrust", "get-teams"]));
  for (const t of fetched.teams) {
    t.enabled = t.display_name === "Helpdesk";
    t.default = t.display_name === "Helpdesk";
  }
  fetched.agents = [
    { technician_id: "alex", enabled: true, display_name: "Alex Rivera" },
    { technician_id: "priya", enabled: true, display_name: "Priya" },
  ];
  tether(["beyondtrust", "set", "-"], JSON.stringify(fetched));
  const browser = await launch();
  const p = page(browser);
  try {
    await until("the sidebar", () => p.exists("nav-tickets"));
    // The URL the admin pastes into BeyondTrust, as the app gives it: the receiver's port
    // (TETHER_EVENTS_BIND) and this install's path token.
    const recipient = await until("the receiver's URL", () =>
      browser.executeAsync((done) => {
        window.__TAURI_INTERNALS__.invoke("events_receiver").then(done, () => done(null));
      }),
    );
    assert.ok(recipient.startsWith(`${TETHER_EVENTS_URL}/`), recipient);
    await control("outbound", { recipient });
    await p.byTestId("nav-tickets").click();
    await until("ticket #1042", () => p.exists("ticket-row-1042"));
    await p.byTestId("ticket-row-1042").click();
    await until("the invite button", () => p.exists("ticket-invite"));
    await p.byTestId("ticket-invite").click();
    await until("the invite dialog", () => p.exists("invite-dialog"));
    await until("the provider choice", () => p.exists("invite-provider"));
    await p.byTestId("invite-provider").selectByAttribute("value", "beyondtrust");
    await p.byTestId("invite-target-kind").selectByAttribute("value", "agent");
    await until("Priya in the list", () =>
      browser.execute(() => !!document.querySelector('[data-testid="invite-target-id"] option[value="priya"]')),
    );
    await p.byTestId("invite-target-id").selectByAttribute("value", "priya");
    const target = await until("the default team shown before sending", async () => {
      const t = await p.text("invite-preview-target");
      return t && t.includes("Team Helpdesk") && t.includes("not logged in") ? t : null;
    });
    assert.match(target, /Priya Patel is not logged in to BeyondTrust/);
    await browser.saveScreenshot(`${ARTIFACTS}/beyondtrust-invite.png`);
    await p.byTestId("invite-send").click();

    // The key the ticket recorded is the one the customer uses.
    const code = await until("the BeyondTrust invitation on the ticket", () =>
      browser.execute(() => {
        const actions = [...document.querySelectorAll('[data-testid="ticket-action"]')].filter(
          (e) => e.dataset.kind === "remote_session_invitation" && /BeyondTrust/i.test(e.textContent),
        );
        const last = actions[actions.length - 1];
        return last?.querySelector('[data-testid="ticket-action-code"]')?.textContent.trim() ?? null;
      }),
    );
    // The page groups the digits for reading; the key itself has none.
    const joined = await control(`keys/${code.replace(/\s/g, "")}/join`, { customer_name: "Maria Anders" });
    await control(`sessions/${joined.lsid}/chat`, { from: "customer", body: "It prints blank pages" });
    await control(`sessions/${joined.lsid}/chat`, { from: "rep", body: "New driver installed" });
    await control(`sessions/${joined.lsid}/end`, { duration_secs: 754 });

    const session = await until(
      "the finished session on the ticket",
      () =>
        browser.execute(() => {
          const s = [...document.querySelectorAll('[data-testid="ticket-action"]')].filter(
            (e) => e.dataset.kind === "remote_session",
          );
          if (s.length === 0) return null;
          return {
            count: s.length,
            duration: s[0].querySelector('[data-testid="ticket-action-duration"]')?.textContent ?? "",
            transcript: s[0].querySelector('[data-testid="ticket-action-transcript"]')?.textContent ?? "",
          };
        }),
      20000,
    );
    assert.equal(session.count, 1);
    assert.match(session.duration, /12 min 34 s/);
    assert.match(session.transcript, /Maria Anders: It prints blank pages/);
    assert.match(session.transcript, /Alex Rivera: New driver installed/);
    await browser.saveScreenshot(`${ARTIFACTS}/beyondtrust-session.png`);

    // A session whose key named no ticket waits in Unlinked sessions, with Maria's ticket
    // suggested; one click links it, and the ticket shows a second session.
    const loose = await control(`keys/${await keyWithoutTicket()}/join`, { customer_name: "Maria Anders" });
    await control(`sessions/${loose.lsid}/end`, { duration_secs: 300 });
    await p.byTestId("nav-unlinked").click();
    await until("the unlinked session", () => p.exists("unlinked-row"), 20000);
    assert.match(await p.text("unlinked-reason"), /no external key/);
    await browser.saveScreenshot(`${ARTIFACTS}/beyondtrust-unlinked.png`);
    await p.byTestId("link-suggestion").click();
    await until("the row gone once linked", async () => !(await p.exists("unlinked-row")));
    await p.byTestId("nav-tickets").click();
    await until("ticket #1042", () => p.exists("ticket-row-1042"));
    await p.byTestId("ticket-row-1042").click();
    const sessions = await until("both sessions on the ticket", () =>
      browser.execute(() => {
        const n = [...document.querySelectorAll('[data-testid="ticket-action"]')].filter(
          (e) => e.dataset.kind === "remote_session",
        ).length;
        return n === 2 ? n : null;
      }),
    );
    assert.equal(sessions, 2);
  } finally {
    await browser.deleteSession();
  }
});
