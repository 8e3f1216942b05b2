// What a new technician or admin meets in the demo, in Chromium against `tether serve`: the
// setup checklist from the banner, the main flows run from the keyboard alone through the
// command palette, a chat invite previewed before it is posted, and a released session the
// panel follows instead of leaving it open over an empty list.
import assert from "node:assert/strict";
import { join } from "node:path";
import { browserSuite, until } from "./support.mjs";

const app = browserSuite("trust");

/** Ctrl+K, the words, Enter: one palette entry run from the keyboard. */
async function palette(words) {
  await app.page.keyboard.press("Control+k");
  await until("the palette", () => app.exists("palette-input"));
  await app.page.keyboard.type(words);
  const first = await until(`a palette entry for "${words}"`, async () => (await app.texts("palette-entry"))[0]);
  await app.page.keyboard.press("Enter");
  await until("the palette closed", async () => !(await app.exists("command-palette")));
  return first;
}

/** The top of a Settings section, relative to the scrolled content's top. */
const sectionTop = (id) =>
  app.page.evaluate((id) => {
    const content = document.querySelector('[data-testid="settings-view"] .content');
    return document.getElementById(id).getBoundingClientRect().top - content.getBoundingClientRect().top;
  }, id);

/** The height of Settings' scrolled content. */
const contentHeight = () =>
  app.page.evaluate(() => document.querySelector('[data-testid="settings-view"] .content').clientHeight);

/** The end user's side (the demo's sandbox): not the technician's keyboard. */
const endUser = (code, action) => app.server.call("demo_end_user", { code, action });

app.test("under a Splashtop rate limit, New session and the provider row say how long the wait is", async () => {
  // The demo's Splashtop is a sandbox on loopback; a session's link says where. That session
  // is deleted again, so no poll of an open session takes the fault meant for the create.
  const probe = await app.server.call("create_session", {
    session: { channel_id: "private", customer_name: "Probe", issue: "", ticket_id: null },
  });
  const sandbox = new URL(probe.link).origin;
  await app.server.call("delete_session", { id: probe.id });
  await until("the delete delivered", async () => (await app.server.call("board")).pending_actions === 0);
  const queued = await fetch(`${sandbox}/_sandbox/splashtop/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ kind: "rate_limit", retry_after: 4, count: 1 }),
  });
  assert.equal(queued.status, 200, await queued.text());

  await app.keys("n");
  await until("the New session dialog", () => app.exists("new-session-dialog"));
  await app.byTestId("new-customer-name").fill("Lena Park");
  await app.click("create-session");
  const said = await app.waitText("new-session-waiting", /^Splashtop asked Tether to slow down: trying again in 0:0\d\.$/);
  assert.ok(said);
  assert.match(await app.text("provider-rate-limited"), /^waiting 0:0\d$/);
  // Then it goes through, and the row is back to online.
  await app.successToast(/Session created for Lena Park/, 15000);
  await until("the row online again", async () => !(await app.exists("provider-rate-limited")));
  assert.match(await app.text("provider-row"), /online/);
});

app.test("the setup checklist from the demo banner says what is missing and takes the admin there", async () => {
  await app.click("demo-checklist");
  await app.waitText("setup-progress", /^0 of 4 required steps done\.$/);
  const steps = await app.page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="setup-step"]')].map((s) => [s.dataset.step, s.dataset.done]),
  );
  assert.deepEqual(steps, [
    ["workspace", "false"],
    ["provider", "false"],
    ["email", "false"],
    ["technicians", "false"],
    ["channels", "false"],
    ["customers", "false"],
  ]);
  assert.match(
    await app.text("setup-checklist"),
    /Without it, invitations cannot be emailed: fill in the Email card and test it\./,
  );
  await app.page.screenshot({ path: join(process.env.BROWSER_ARTIFACTS, "setup-checklist.png") });

  // Go: Settings, scrolled to Integrations, where the Email card is.
  await app.click("setup-go-email");
  await until("Settings", () => app.exists("settings-view"));
  await until("Integrations at the top", async () => Math.abs(await sectionTop("settings-integrations")) < 40);
  assert.equal(await app.exists("setup-checklist"), false);

  // Settings has its sections in a bar, and the checklist again.
  // The last sections cannot scroll to the top: in view is what counts.
  await app.click("settings-nav-technicians");
  await until("Technicians in view", async () => {
    const top = await sectionTop("settings-technicians");
    return top >= -5 && top < (await contentHeight()) - 60;
  });
  await app.click("settings-checklist");
  await until("the checklist again", () => app.exists("setup-checklist"));
  await app.keys("Escape");
  await until("the checklist closed", async () => !(await app.exists("setup-checklist")));
});

app.test("board, launch, invite and settings from the keyboard alone, through the palette", async () => {
  await palette("go to home");
  // A new session, typed.
  assert.match(await palette("new session"), /^New session/);
  await until("the New session dialog", () => app.exists("new-session-dialog"));
  await app.page.keyboard.type("Rosa Diaz");
  await app.page.keyboard.press("Tab");
  await app.page.keyboard.type("Scanner not found");
  await app.page.keyboard.press("Enter");
  await app.successToast(/Session created for Rosa Diaz/);
  await app.waitText("session-name", /^Rosa Diaz$/);
  const code = (await app.waitText("session-code", /^\d{3} \d{3} \d{3}$/)).replace(/\s/g, "");
  await app.page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());

  await endUser(code, "launch");
  await app.waitText("session-state", /^Active$/);
  await palette("request permission");
  await app.successToast(/Permission requested/);
  await endUser(code, "grant");
  await until("Start remote session enabled", async () => (await app.attr("action-start-remote", "data-enabled")) === "true");
  await palette("start remote");
  await app.waitText("demo-viewer-connected", /^Connected to Rosa Diaz$/);
  await app.page.keyboard.press("Escape");
  await until("the viewer closed", async () => !(await app.exists("demo-viewer")));

  // A launch from an asset.
  await palette("go to assets");
  await until("the assets", () => app.exists("asset-row-nw-pc-0042"));
  await app.page.keyboard.press("j");
  await app.waitText("asset-name", /./);
  const asset = await app.text("asset-name");
  await palette("launch mac");
  await app.waitText("demo-viewer-connected", new RegExp(`^Connected to ${asset}$`));
  await app.page.keyboard.press("Escape");

  // An invitation from a ticket, sent with Ctrl+Enter; it lands in the demo's mailbox.
  await palette("go to tickets");
  await until("the tickets", () => app.exists("ticket-row-1042"));
  await app.page.keyboard.press("j");
  await app.waitText("ticket-number", /^#\d+$/);
  await palette("invite the end user");
  await until("the invite dialog", () => app.exists("invite-send"));
  await app.waitText("invite-preview-target", /^Goes to /);
  await app.page.keyboard.press("Control+Enter");
  await app.successToast(/Invitation/i);
  await palette("mailbox");
  await until("a mail in the mailbox", async () => (await app.texts("demo-mail")).length > 0);
  await app.page.keyboard.press("Escape");

  // Settings, and a section of it.
  await palette("go to settings");
  await until("Settings", () => app.exists("settings-view"));
  await palette("setup checklist");
  await until("the checklist", () => app.exists("setup-checklist"));
  await app.page.keyboard.press("Escape");
});

app.test("a chat invite is previewed before anything is created or posted", async () => {
  await app.keys("g", "t");
  await until("ticket 1043", () => app.exists("ticket-row-1043"));
  await app.click("ticket-row-1043");
  await app.waitText("ticket-number", /^#1043$/);
  const sessionsBefore = (await app.server.call("list_sessions", { view: { kind: "channel", id: "splashtop-1" } })).length;

  await app.click("ticket-chat-invite");
  await app.waitText("chat-invite-goes-to", /^Goes to Team Helpdesk/);
  assert.match(await app.text("chat-invite-preview"), /\S/);
  // Nothing exists yet: no session at the provider, no message in the chat.
  assert.equal((await app.server.call("list_sessions", { view: { kind: "channel", id: "splashtop-1" } })).length, sessionsBefore);
  assert.equal((await app.texts("chat-message")).length, 0);

  await app.click("chat-invite-post");
  await app.successToast(/^Chat invitation posted$/);
  await until("the message in the chat", async () => (await app.texts("chat-message")).length === 1);
  // The timeline says where the session is, as the board shows it.
  const timeline = (await app.texts("ticket-action")).join("\n");
  assert.match(timeline, /the session waits unassigned in Front desk for Team Helpdesk/);
});

app.test("after Release the panel follows the session to its channel's queue", async () => {
  await app.keys("g", "h");
  await app.keys("n");
  await until("the New session dialog", () => app.exists("new-session-dialog"));
  await app.byTestId("new-customer-name").fill("Omar Haddad");
  await app.byTestId("new-issue").fill("VPN drops every hour");
  await app.select("new-channel", "splashtop-1");
  await app.click("create-session");
  await app.waitText("session-name", /^Omar Haddad$/);
  const code = (await app.waitText("session-code", /^\d{3} \d{3} \d{3}$/)).replace(/\s/g, "");
  await endUser(code, "launch");
  await app.waitText("session-state", /^Active$/);

  await app.keys("r");
  await app.successToast(/^Released to the queue of Front desk$/);
  // Not left open over Home, which no longer has it: the panel shows it In queue, in its channel.
  await app.waitText("session-state", /^In queue$/);
  assert.equal(await app.text("session-name"), "Omar Haddad");
  assert.equal(await app.attr("channel-splashtop-1", "aria-current"), "page");
});
