// SP2 in Chromium against `tether serve` on the demo workspace: a session started from a
// ticket (New session with the ticket chosen) is connected for a while, then closed with a
// comment; the ticket's timeline then shows one *Remote session* action with the time Tether
// saw the technician connected and the comment — and says where the figure came from.
import assert from "node:assert/strict";
import { browserSuite, until } from "./support.mjs";

const app = browserSuite("session-import");

app.test("a session from a ticket takes its connected time and the comment back to the ticket", async () => {
  await app.keys("n");
  await until("the New session dialog", () => app.exists("new-session-dialog"));
  await app.byTestId("new-session-ticket").fill("1042");
  await app.click("new-session-ticket-match");
  // The ticket fills what is empty: who it is for and the issue.
  assert.match(await app.byTestId("new-customer-name").inputValue(), /\S/);
  assert.match(await app.byTestId("new-issue").inputValue(), /^#1042 /);
  await app.select("new-channel", "splashtop-1");
  await app.click("create-session");
  await until("the dialog closed", async () => !(await app.exists("new-session-dialog")));
  await app.waitText("session-ticket", /^#1042 /);

  await app.click("enduser-launch");
  await app.waitText("session-state", /^Active$/);
  await app.click("action-request-permission");
  await until("the grant offered", async () => !(await app.unavailable("enduser-grant")));
  await app.click("enduser-grant");
  await app.waitText("permission-status", /granted/i);
  // Connected for a few seconds, as the poller sees it.
  await new Promise((r) => setTimeout(r, 5000));
  await app.click("action-close");
  await app.byTestId("close-comment").fill("Reinstalled the label printer driver");
  await app.click("confirm-close");
  await app.waitText("session-state", /^Closed$/);

  await app.click("session-ticket");
  const entry = await until("the remote session on the ticket", async () => {
    const texts = await app.page.evaluate(() =>
      [...document.querySelectorAll('[data-kind="remote_session"]')].map((e) => e.textContent.replace(/\s+/g, " ").trim()),
    );
    return texts.length > 0 && texts;
  });
  assert.equal(entry.length, 1, "one action");
  assert.match(entry[0], /Comment: Reinstalled the label printer driver/);
  assert.match(entry[0], /what Tether saw while polling/);
  // The logged time, as the timeline writes it ("3 s"): seconds connected, at least a few.
  const duration = await app.text("ticket-action-duration");
  const seconds = Number(/^(\d+) s$/.exec(duration)?.[1]);
  assert.ok(seconds >= 2 && seconds <= 10, `a few seconds connected, not ${duration}`);
});
