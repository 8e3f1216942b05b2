// TeamViewer from a ticket in the real window (TV2–TV5), after the integrations test filled
// in the TeamViewer card and authorised Alex against the sandbox: a pilot session is created
// from ticket #1042; the requester's invitation and Alex's supporter link reach the real SMTP
// server and the link reaches the requester's phone through the SMS gateway; the sandbox's end customer connects (the panel shows it, to Alex only) and leaves
// after 12:34; End session brings one Remote session action with that time onto the ticket.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { launch, until, page } from "./support.mjs";

const { ARTIFACTS, MAIL_LOG, SANDBOX_URL, TETHER_BIN } = process.env;

function mails() {
  if (!existsSync(MAIL_LOG)) return [];
  return readFileSync(MAIL_LOG, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .map((m) => ({ ...m, body: m.data.replace(/=\r?\n/g, "").replace(/=3D/g, "=") }));
}

async function customer(code, action, body = {}) {
  const r = await fetch(`${SANDBOX_URL}/_sandbox/teamviewer/sessions/${code}/${action}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.ok(r.ok, `${action}: ${r.status}`);
}

const call = (args) => JSON.parse(execFileSync(TETHER_BIN, args, { encoding: "utf8" }));

test("a pilot session from a ticket: invitation, supporter link, live panel, time back on the ticket", async () => {
  const browser = await launch();
  const p = page(browser);
  try {
    await until("the sidebar", () => p.exists("nav-settings"));
    // The admin turns the TeamViewer card on (the integrations test filled it in).
    await p.byTestId("nav-settings").click();
    await until("the TeamViewer card", () => p.exists("integration-enabled-teamviewer"));
    if (!(await browser.execute(() => document.querySelector('[data-testid="integration-enabled-teamviewer"]').checked))) {
      await p.byTestId("integration-enabled-teamviewer").click();
    }
    await p.byTestId("integration-save-teamviewer").click();
    await until("the card saved on", () =>
      browser.execute(() => document.querySelector('[data-testid="integration-enabled-teamviewer"]').checked),
    );
    await p.byTestId("nav-tickets").click();
    await until("ticket #1042", () => p.exists("ticket-row-1042"));
    await p.byTestId("ticket-row-1042").click();
    // The core's own word first, so a failure says why the panel is not there.
    const ticketId = call(["call", "tickets", JSON.stringify({ query: { text: "1042" } })])[0].id;
    const panel = call(["call", "tv_panel", JSON.stringify({ ticket_id: ticketId })]);
    assert.equal(panel.available, true, panel.reason);
    await until("the TeamViewer panel", () => p.exists("tv-panel"), 20000);
    await p.byTestId("tv-pilot-phone").setValue("+44 7700 900123");
    await p.byTestId("tv-create-pilot").click();
    const code = await until("the session in the panel", () =>
      browser.execute(() => document.querySelector('[data-testid="tv-session"]')?.dataset.code ?? null),
    );
    assert.match(code, /^s\d{2}-\d{3}-\d{3}$/);

    const toMaria = await until("the requester's invitation", () =>
      mails().find((m) => m.rcpt_tos.includes("maria@northwind.example") && m.body.includes(code.replace(/\D/g, ""))),
    20000);
    assert.ok(!toMaria.body.includes("-supporter"), "the customer never gets the supporter link");
    const toAlex = await until("Alex's supporter link", () =>
      mails().find((m) => m.rcpt_tos.includes("alex@example.invalid") && m.body.includes("-supporter")),
    );
    assert.match(toAlex.data, /Subject: Supporter link for ticket #1042/);
    const sms = await until("the SMS at the gateway", async () => {
      const log = await fetch(`${SANDBOX_URL}/_sandbox/sms/messages`).then((r) => r.json());
      return log.messages.find((m) => m.to === "+447700900123");
    });
    assert.match(sms.body, new RegExp(`/tv/s${code.replace(/\D/g, "")}`));
    await until("the invitation on the timeline", () =>
      browser.execute(
        (c) =>
          [...document.querySelectorAll('[data-testid="ticket-action"]')].some(
            (e) => e.dataset.kind === "remote_session_invitation" && e.textContent.includes(c),
          ),
        code,
      ),
    );

    // The end customer connects: Alex's panel says so (TeamViewer is asked every 10 s).
    await customer(code, "connect");
    await until("the connection on Alex's panel", () => p.exists("tv-active"), 30000);
    await browser.saveScreenshot(`${ARTIFACTS}/teamviewer-panel.png`);

    // One board across providers: the session is Active in the TeamViewer channel too
    // (its row names the requester and the ticket).
    await p.byTestId("channel-teamviewer").click();
    await until("the session Active on the board", () =>
      browser.execute(() =>
        [...document.querySelectorAll('[data-testid="session-row"]')].some(
          (r) => r.dataset.state === "active" && r.textContent.includes("#1042"),
        ),
      ),
    20000);
    await browser.saveScreenshot(`${ARTIFACTS}/teamviewer-board.png`);
    await p.byTestId("nav-tickets").click();
    await until("ticket #1042", () => p.exists("ticket-row-1042"));
    await p.byTestId("ticket-row-1042").click();
    await until("the panel again", () => p.exists("tv-active"), 20000);

    // Sam, through the same core, sees the session but not its live connection.
    const sams = call(["--as", "sam", "call", "tv_panel", JSON.stringify({ ticket_id: ticketId })]);
    const theirs = sams.sessions.find((s) => s.code === code);
    assert.equal(theirs.mine, false);
    assert.equal(theirs.active_since, null);
    assert.equal(theirs.can_enter, false);

    // 12:34 connected, then End session: the time is on the ticket, once.
    await customer(code, "disconnect", { duration_secs: 754, notes: "calibrated the label printer" });
    await p.byTestId("tv-end").click();
    const action = await until("the remote session on the ticket", () =>
      browser.execute(
        (c) =>
          [...document.querySelectorAll('[data-testid="ticket-action"]')]
            .filter((e) => e.dataset.kind === "remote_session" && e.textContent.includes(c))
            .map((e) => e.textContent.replace(/\s+/g, " ")),
        code,
      ).then((found) => (found.length > 0 ? found : null)),
    20000);
    assert.equal(action.length, 1, "one Remote session action");
    assert.match(action[0], /12:34/);
    assert.match(action[0], /calibrated the label printer/);
    await until("Closed in the panel", async () => /Closed/.test((await p.text("tv-status")) ?? ""));
    await browser.saveScreenshot(`${ARTIFACTS}/teamviewer-ended.png`);

    // TeamViewer off (TV6): no panel, the history still on the ticket; on again, all back.
    const setEnabled = async (on) => {
      await p.byTestId("nav-settings").click();
      await until("the TeamViewer card", () => p.exists("integration-enabled-teamviewer"));
      const checked = () =>
        browser.execute(() => document.querySelector('[data-testid="integration-enabled-teamviewer"]').checked);
      if ((await checked()) !== on) await p.byTestId("integration-enabled-teamviewer").click();
      await p.byTestId("integration-save-teamviewer").click();
      await until(`the card saved ${on ? "on" : "off"}`, async () => (await checked()) === on);
      await p.byTestId("nav-tickets").click();
      await until("ticket #1042", () => p.exists("ticket-row-1042"));
      await p.byTestId("ticket-row-1042").click();
    };
    const timelineHasTheSession = () =>
      browser.execute(
        (c) =>
          [...document.querySelectorAll('[data-testid="ticket-action"]')].some(
            (e) => e.dataset.kind === "remote_session" && e.textContent.includes(c),
          ),
        code,
      );
    await setEnabled(false);
    await until("the history on the ticket", timelineHasTheSession, 20000);
    assert.equal(await p.exists("tv-panel"), false, "no TeamViewer panel while it is off");
    await setEnabled(true);
    await until("the panel back with the session", () =>
      browser.execute(
        (c) => !!document.querySelector(`[data-testid="tv-session"][data-code="${c}"]`),
        code,
      ),
    20000);
  } finally {
    await browser.deleteSession();
  }
});
