// Invitations from a ticket (IN1, IN8) in Chromium against `tether serve` (demo workspace):
// the dialog shows, before Send, where the session will really go. The demo's settings allow
// the fallback (default team Helpdesk, fallback on), so an invitation into Priya's queue — she is
// unavailable — goes to Team Helpdesk, and the dialog says so. The demo's invitations land in
// its own mailbox, which the banner opens. With the fallback turned
// off in Settings, the same invitation is refused as "technician unavailable".
import assert from "node:assert/strict";
import { browserSuite, until } from "./support.mjs";

const app = browserSuite("invite");

const optionText = (id, value) =>
  app.page.evaluate(
    ([s, v]) => document.querySelector(`${s} option[value="${v}"]`)?.textContent.trim() ?? null,
    [app.sel(id), value],
  );

async function openTicket1042() {
  await app.keys("g", "t");
  await until("ticket #1042 in the list", () => app.exists("ticket-row-1042"));
  await app.click("ticket-row-1042");
  await app.waitText("ticket-number", /^#1042$/);
  await app.waitText("ticket-subject", /^Label printer prints blank pages$/);
}

async function openInvite() {
  await app.click("ticket-invite");
  await until("the invite dialog", () => app.exists("invite-dialog"));
}

/** The dialog's "Goes to …" line once it matches. */
const goesTo = (re) => app.waitText("invite-preview-target", re);

async function pickAgent(id) {
  await app.select("invite-target-kind", "agent");
  await until("the technician choice", () => app.exists("invite-target-id"));
  await app.select("invite-target-id", id);
}

app.test("the dialog shows where the session goes before Send; the demo's mailbox receives it", async () => {
  await openTicket1042();
  await openInvite();
  assert.equal(await app.byTestId("invite-recipients").inputValue(), "maria.anders@northwind.example");

  // The default team, as the demo's settings name it.
  assert.equal(await optionText("invite-target-kind", "default"), "Default team (Helpdesk)");
  assert.equal(await goesTo(/^Goes to /), "Goes to Team Helpdesk");
  assert.equal(await app.text("invite-preview-recipients"), "maria.anders@northwind.example");
  assert.equal(await app.text("invite-preview-subject"), "Remote support session, code 123456789");

  // My own queue, then Sam's.
  await pickAgent("alex");
  assert.equal(await goesTo(/queue/), "Goes to your queue");
  await pickAgent("sam");
  assert.equal(await goesTo(/Sam/), "Goes to Sam Chen's queue");

  // Priya is unavailable: the fallback to the default team, with the reason, before Send.
  assert.equal(await optionText("invite-target-id", "priya"), "Priya Patel (unavailable)");
  await pickAgent("priya");
  assert.equal(await goesTo(/Helpdesk/), "Goes to Team Helpdesk — Priya Patel is unavailable");
  assert.ok(await app.page.locator(app.sel("invite-preview-target")).evaluate((e) => e.classList.contains("fallback")));
  // The demo sends to its own mailbox: Send is on.
  assert.equal(await app.exists("invite-cannot-send"), false);
  assert.equal(await app.byTestId("invite-send").isEnabled(), true);

  // Addresses are checked as they are typed; every bad one is named at once.
  await app.byTestId("invite-recipients").fill("maria@, nobody; maria.anders@northwind.example");
  assert.ok(
    (await app.waitText("invite-error", /Not an email address/)).endsWith('Not an email address: "maria@", "nobody"'),
    await app.text("invite-error"),
  );
  assert.equal(await app.attr("invite-error", "data-code"), "invalid_input");
  assert.equal(await app.byTestId("invite-send").isEnabled(), false);
  await app.byTestId("invite-recipients").fill("maria.anders@northwind.example");
  await goesTo(/Priya Patel is unavailable/);

  // Sent: the demo's mailbox has Maria's invitation, and the ticket's timeline records it.
  await app.click("invite-send");
  await until("the dialog closed", async () => !(await app.exists("invite-dialog")));
  const mail = await until("the invitation in the demo's mailbox", async () => {
    const box = await app.server.call("demo_mailbox");
    return box.find((m) => m.to.includes("maria.anders@northwind.example")) ?? null;
  });
  assert.equal(mail.subject.startsWith("Remote support session, code "), true, mail.subject);
  await until("the invitation on the timeline", () =>
    app.page.evaluate(() =>
      [...document.querySelectorAll('[data-testid="ticket-action"]')].some(
        (e) => e.dataset.kind === "remote_session_invitation",
      ),
    ),
  );
  // …and in the mailbox the banner opens.
  await app.click("demo-mailbox-open");
  await app.waitText("demo-mail", /maria\.anders@northwind\.example/);
  await app.keys("Escape");
});

app.test("with the fallback turned off, Priya's invitation is refused as technician unavailable", async () => {
  await app.click("nav-settings");
  await until("Settings → Remote support", () => app.exists("rs-fallback"));
  assert.equal(await app.byTestId("rs-fallback").isChecked(), true);
  await app.byTestId("rs-fallback").uncheck();
  await app.click("rs-save");
  await app.successToast(/^Remote support settings saved$/);

  await openTicket1042();
  await openInvite();
  await pickAgent("priya");
  assert.ok(
    (await app.waitText("invite-error", /unavailable/)).endsWith(
      "Priya Patel is unavailable and falling back to the default team is turned off; nothing was sent",
    ),
    await app.text("invite-error"),
  );
  assert.equal(await app.attr("invite-error", "data-code"), "technician_unavailable");
  assert.equal(await app.byTestId("invite-send").isEnabled(), false);
  // Sam is available: his queue is still fine.
  await pickAgent("sam");
  assert.equal(await goesTo(/Sam/), "Goes to Sam Chen's queue");
  await app.keys("Escape");
  await until("the dialog closed", async () => !(await app.exists("invite-dialog")));
});
