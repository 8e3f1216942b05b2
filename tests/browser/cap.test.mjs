// SD5's cap in Chromium against `tether serve` (demo workspace): a session has at most three
// technicians, the assignee and two invited. Two invites go through; the third technician is
// shown unavailable with the core's reason and refused in the too_many_technicians words; and
// releasing the session to the queue frees no seat (the assignee's stays counted).
import assert from "node:assert/strict";
import { browserSuite, until } from "./support.mjs";

const app = browserSuite("cap");

const FULL = /^A session can have at most 3 technicians \(the assignee and 2 invited\)/;

/** The invite select's option for a technician: its text and its title (the reason). */
const option = (id) =>
  app.page.evaluate((v) => {
    const o = document.querySelector(`[data-testid="invite-technician"] option[value="${v}"]`);
    return o ? { text: o.textContent.trim(), title: o.getAttribute("title") } : null;
  }, id);

async function invite(id, name) {
  await until(`${name} invitable`, async () => (await option(id))?.text === name);
  await app.select("invite-technician", id);
  await app.successToast(new RegExp(`^${name} invited$`));
}

app.test("two invites, a third refused with the core's reason, and still after a release", async () => {
  // A session in Front desk, where all four demo technicians may be.
  await app.click("channel-splashtop-1");
  await app.keys("n");
  await until("the New session dialog", () => app.exists("new-session-dialog"));
  await app.byTestId("new-customer-name").fill("Ana Trujillo");
  await app.select("new-channel", "splashtop-1");
  await app.click("create-session");
  await app.waitText("session-name", /^Ana Trujillo$/);
  await app.click("enduser-launch");
  await app.waitText("session-state", /^Active$/);

  const capacity = () => app.page.evaluate(() => document.querySelector('[data-testid="session-detail"] .capacity')?.textContent.trim());
  await until("1/3 technicians", async () => (await capacity()) === "1/3 technicians");

  // Two invites are allowed: Sam, then Priya (unavailable for invitations by email, but she
  // can still be asked to help on the board).
  await invite("sam", "Sam Chen");
  await until("2/3 technicians", async () => (await capacity()) === "2/3 technicians");
  await invite("priya", "Priya Patel");
  await until("3/3 technicians", async () => (await capacity()) === "3/3 technicians");

  // The third invite is shown unavailable, with the core's reason, before any click.
  const title = await until("the invite select to say it is full", async () => {
    const t = await app.attr("invite-technician", "title");
    return t && /^A session can have at most 3 technicians/.test(t) ? t : null;
  });
  assert.match(title, /Alex Rivera, Sam Chen, Priya Patel are already on it/);
  assert.equal(await app.attr("invite-technician", "aria-disabled"), "true");
  const jordan = await until("Jordan shown unavailable", async () => {
    const o = await option("jordan");
    return o?.text === "Jordan Lee — unavailable" && o;
  });
  assert.match(jordan.title, /^A session can have at most 3 technicians \(the assignee and 2 invited\)/);
  assert.match(jordan.title, /Alex Rivera, Sam Chen, Priya Patel are already on it/);

  // Picked anyway: the core refuses with too_many_technicians' sentence.
  await app.select("invite-technician", "jordan");
  const refused = await app.errorToast(FULL);
  assert.match(refused, /Alex Rivera, Sam Chen, Priya Patel are already on it$/);
  assert.match(await app.text("session-detail"), /Invited\s*Sam Chen, Priya Patel/);

  // Released to the queue: Alex's seat stays counted, so Jordan is still refused.
  await until("Release available", async () => !(await app.unavailable("action-release")));
  await app.click("action-release");
  await app.waitText("session-state", /^In queue$/);
  await until("the invite select still full", async () =>
    /^A session can have at most 3 technicians/.test((await app.attr("invite-technician", "title")) ?? ""),
  );
  assert.equal(await app.attr("invite-technician", "aria-disabled"), "true");
  assert.equal((await option("jordan"))?.text, "Jordan Lee — unavailable");
  await app.clearErrorToasts();
  await app.select("invite-technician", "jordan");
  assert.match(await app.errorToast(FULL), /Sam Chen, Priya Patel are already on it$/);
  assert.match(await app.text("session-detail"), /Invited\s*Sam Chen, Priya Patel/);

  // Taken back, the session has its three technicians again.
  await until("Take available", async () => !(await app.unavailable("action-take")));
  await app.click("action-take");
  await app.waitText("session-state", /^Active$/);
  await until("3/3 technicians", async () => (await capacity()) === "3/3 technicians");
});
