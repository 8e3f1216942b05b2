// The Service Desk board in Chromium against `tether serve` on the demo workspace (SD2–SD5):
// a session created from the dialog goes Pending → Active → In queue → Active → Closed as the
// demo's end user and the technician act; every button says the core's reason before the click,
// and a refused action shows the core's refusal, word for word. Then the start-remote URL
// (SD4): after a grant, Start remote session yields Splashtop's st-business:// URL with the
// technician's account and the session's code.
import assert from "node:assert/strict";
import { browserSuite, until } from "./support.mjs";

const app = browserSuite("board");

/** The selected row's state, as the list draws it. */
const rowState = () =>
  app.page.evaluate(() => document.querySelector('[data-testid="session-row"][aria-selected="true"]')?.dataset.state ?? null);

/** Waits for the detail and the list to agree on `label` / `state`. */
async function inState(label, state) {
  await app.waitText("session-state", new RegExp(`^${label}$`));
  await until(`the row ${state}`, async () => (await rowState()) === state);
}

/** Waits until an action's title carries `reason` (the detail follows each change). */
async function reasonOf(id, reason) {
  const title = await until(`${id} to say ${reason}`, async () => {
    const t = await app.attr(id, "title");
    return t && reason.test(t) ? t : null;
  });
  assert.ok(await app.unavailable(id), `${id} should look unavailable: ${title}`);
  return title;
}

/** Waits until an action is shown available (no aria-disabled, no reason in its title). */
async function available(id) {
  await until(`${id} available`, async () => !(await app.unavailable(id)) && (await app.exists(id)));
}

/** A new session from the dialog, in `channel`; returns once its detail is open. */
async function createSession({ customer, issue, channel, open }) {
  await open();
  await until("the New session dialog", () => app.exists("new-session-dialog"));
  await app.byTestId("new-customer-name").fill(customer);
  await app.byTestId("new-issue").fill(issue);
  await app.select("new-channel", channel);
  await app.click("create-session");
  await app.successToast(new RegExp(`Session created for ${customer}`));
  await until("the dialog closed", async () => !(await app.exists("new-session-dialog")));
  await app.waitText("session-name", new RegExp(`^${customer}$`));
}

app.test("a session through its states, with the core's reasons and refusals", async () => {
  await createSession({
    customer: "Maria Anders",
    issue: "Label printer prints blank pages",
    channel: "splashtop-1",
    open: () => app.keys("n"),
  });
  // Home lists only what is mine; the channel keeps the session in view once it is queued.
  await app.click("channel-splashtop-1");
  await inState("Pending", "pending");
  assert.equal(await app.text("provider-status"), "Waiting");
  assert.match(await app.text("session-detail"), /in Front desk/);

  // Before the end user launches the app, the detail says why each action would be refused.
  assert.equal(await app.attr("action-start-remote", "data-enabled"), "false");
  await reasonOf(
    "action-start-remote",
    /^Cannot start a remote session for a session that is Pending: the end user has not launched the support app yet/,
  );
  await reasonOf(
    "action-release",
    /^Cannot release a session that is Pending: only Active sessions can be released; the end user has not launched the app yet/,
  );
  await reasonOf("action-take", /^You already have this session/);
  await reasonOf("enduser-grant", /^The technician has not requested permission/);
  // Clicked anyway, the core refuses in the same words.
  await app.clickAnyway("action-release");
  await app.errorToast(
    /^Cannot release a session that is Pending: only Active sessions can be released; the end user has not launched the app yet$/,
  );
  await inState("Pending", "pending");

  // The end user (the demo's sandbox) launches the support app: Active.
  await app.click("enduser-launch");
  await inState("Active", "active");
  assert.equal(await app.text("provider-status"), "Online");
  await reasonOf("enduser-launch", /^Only a Pending session waits for the app to launch/);

  // P: permission requested; the end user grants; Start remote session becomes available.
  await available("action-request-permission");
  await app.keys("p");
  await app.successToast(/Permission requested from the end user/);
  await app.waitText("permission-status", /requested/);
  await reasonOf("action-start-remote", /^Waiting for the end user to grant permission/);
  await app.waitText("start-note", /^Waiting for the end user to grant permission$/);
  await available("enduser-grant");
  await app.click("enduser-grant");
  await until("Start remote session enabled", async () => (await app.attr("action-start-remote", "data-enabled")) === "true");
  await available("action-start-remote");
  await app.waitText("permission-status", /^granted$/);
  await reasonOf("action-request-permission", /^The end user already granted permission: start the remote session/);

  // R: released to the channel's queue.
  await available("action-release");
  await app.keys("r");
  await app.successToast(/Released to the queue/);
  await inState("In queue", "in_queue");
  await reasonOf("action-release", /^Cannot release a session that is In queue: it waits in the queue; take or assign it first/);
  await reasonOf("action-start-remote", /^Cannot start a remote session for a session that is In queue/);

  // T: taken back: Active, mine again.
  await available("action-take");
  await app.keys("t");
  await app.successToast(/You took the session/);
  await inState("Active", "active");
  await reasonOf("action-take", /^You already have this session/);

  // C asks first (a live session must not end on one key), then Enter closes.
  await available("action-close");
  await app.keys("c");
  await until("the close confirmation", () => app.exists("confirm-close"));
  assert.equal(await app.text("session-state"), "Active", "nothing closed yet");
  await app.page.keyboard.press("Enter");
  await app.successToast(/Session closed/);
  await inState("Closed", "closed");
  for (const [id, verb] of [
    ["action-release", "release"],
    ["action-take", "take"],
    ["action-close", "close"],
    ["action-request-permission", "request permission for"],
  ]) {
    await reasonOf(id, new RegExp(`^Cannot ${verb} a session that is Closed: it is closed; create a new session to reconnect`));
  }
  assert.match(await app.attr("invite-technician", "title"), /^Cannot transfer or invite on a session that is Closed/);
  assert.equal(await app.attr("invite-technician", "aria-disabled"), "true");

  // Release on the Closed session: the refusal the README quotes, in a toast.
  await app.clearErrorToasts();
  await app.clickAnyway("action-release");
  assert.equal(
    await app.errorToast(/^Cannot release a session/),
    "Cannot release a session that is Closed: it is closed; create a new session to reconnect",
  );
  // An illegal transition from the keyboard: T on a Closed session, refused as a take.
  await app.keys("t");
  assert.equal(
    await app.errorToast(/^Cannot take a session/),
    "Cannot take a session that is Closed: it is closed; create a new session to reconnect",
  );
  await inState("Closed", "closed");

  // The history has every change, with who did it.
  const history = (await app.texts("history-entry")).join("\n");
  for (const step of ["Pending → Active", "Active → In queue", "In queue → Active", "Active → Closed"]) {
    assert.ok(history.includes(step), `history lacks ${step}:\n${history}`);
  }
});

app.test("after a grant, Start remote session shows the demo's viewer with Splashtop's st-business:// URL", async () => {
  await createSession({
    customer: "Tom Hardy",
    issue: "Outlook keeps asking for the password",
    channel: "private",
    open: () => app.click("new-session"),
  });
  await inState("Pending", "pending");
  // The code the end user types, shown on request.
  const code = (await app.waitText("session-code", /^\d{3} \d{3} \d{3}$/)).replace(/\s/g, "");

  await app.click("enduser-launch");
  await inState("Active", "active");

  // Before any grant, S is refused with the core's reason and nothing opens.
  await reasonOf("action-start-remote", /^The end user has not granted permission yet: request it first/);
  await app.clearErrorToasts();
  await app.keys("s");
  assert.equal(
    await app.errorToast(/permission/),
    "The end user has not granted permission yet: request it first",
  );
  assert.deepEqual(await app.opened(), []);

  await available("action-request-permission");
  await app.click("action-request-permission");
  await available("enduser-grant");
  await app.click("enduser-grant");
  await until("Start remote session enabled", async () => (await app.attr("action-start-remote", "data-enabled")) === "true");

  // The demo opens nothing (no Splashtop is installed to open): its viewer stands in, and
  // says what a real desk opens.
  await app.click("action-start-remote");
  await app.waitText("demo-viewer-connected", /^Connected to Tom Hardy$/);
  const url = await app.text("demo-viewer-url");
  // The Business app's SOS URL with the technician's account (alex in the demo) and the code:
  // not a my.splashtop.com web page.
  assert.equal(url, `st-business://com.splashtop.business?account=alex%40demo.tether.invalid&sos=${code}`);
  assert.match(await app.text("demo-viewer-note"), /this opens the Splashtop Business app/);
  await app.successToast(/^Remote session started$/);
  assert.deepEqual(await app.opened(), [], "the demo opens nothing");
  await app.keys("Escape");
  await until("the viewer closed", async () => !(await app.exists("demo-viewer")));
});
