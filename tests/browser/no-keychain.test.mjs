// No OS keychain (no Secret Service on the bus): Settings still shows every integration
// card, read-only, under one plain banner that says why, instead of hiding the section. The
// demo itself needs no keychain and works.
import assert from "node:assert/strict";
import { browserSuite, until } from "./support.mjs";

// A session bus that is not there: the keychain cannot be asked.
const app = browserSuite("no-keychain", { env: { DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent/tether-bus" } });

app.test("without a keychain the cards are shown read-only under one banner", async () => {
  await app.click("nav-settings");
  const banner = await app.waitText("keychain-unavailable", /keychain is unavailable/);
  assert.match(banner, /^The OS keychain is unavailable: the cards are shown read-only\./);
  // Once, not per card.
  assert.equal((await app.texts("keychain-unavailable")).length, 1);
  for (const kind of ["splashtop", "beyondtrust", "teamviewer", "syncro", "smtp", "sms"]) {
    assert.ok(await app.exists(`integration-${kind}`), `the ${kind} card is shown`);
    assert.equal(
      await app.page.evaluate((k) => document.querySelector(`[data-testid="integration-fieldset-${k}"]`).disabled, kind),
      true,
      `the ${kind} card is read-only`,
    );
  }
  // The demo works without it.
  await app.click("channel-home");
  await until("the board", () => app.exists("new-session"));
});
