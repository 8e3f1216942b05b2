// Leaving the demo and coming back, in Chromium against `tether serve`: "Set up your
// workspace" opens the desk's own workspace (no demo banner, none of the demo's sessions or
// tickets, Splashtop off until its card is on), and Settings opens the demo again, as it was.
import assert from "node:assert/strict";
import { browserSuite, until } from "./support.mjs";

const app = browserSuite("workspace");

/** How many tickets the Tickets view lists. */
const ticketRows = () => app.page.evaluate(() => document.querySelectorAll('[data-testid^="ticket-row-"]').length);

app.test("the demo can be left for the desk's own workspace and entered again", async () => {
  await until("the demo banner", () => app.exists("demo-banner"));
  await app.click("nav-tickets");
  const demoTickets = await until("the demo's tickets", async () => (await ticketRows()));
  await app.click("channel-home");

  await app.click("demo-setup");
  await until("the setup dialog", () => app.exists("workspace-setup-dialog"));
  await app.byTestId("setup-name").fill("Alex Rivera");
  await app.byTestId("setup-email").fill("alex@msp.example");
  await app.click("setup-submit");

  // The window starts again on the real workspace.
  await until("the demo banner gone", async () => !(await app.exists("demo-banner")), 15000);
  await until("the board", () => app.exists("channel-home"), 15000);
  assert.match(await app.text("provider-row"), /Splashtop is off/);
  await app.click("nav-tickets");
  await until("the tickets view", () => app.exists("tickets-view"));
  assert.equal((await ticketRows()), 0, "the desk's own, empty ticket list");

  // Settings → Workspace → Open the demo: the banner and the demo's desk are back.
  await app.click("nav-settings");
  await until("Settings", () => app.exists("return-to-demo"));
  await app.click("return-to-demo");
  await until("the demo banner again", () => app.exists("demo-banner"), 15000);
  await until("the board", () => app.exists("channel-home"), 15000);
  await app.click("nav-tickets");
  await until("the demo's tickets again", async () => (await ticketRows()) === demoTickets);
});
