// A web page the technician happens to open can reach Tether's receivers on loopback. A
// hostile one, served on loopback and opened in the same Chromium, posts a forged
// BeyondTrust event (even to the right URL, token included) and a forged Syncro alert: both
// are refused for the Origin the browser sends, before anything is read or stored.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { browserSuite, until } from "./support.mjs";

const app = browserSuite("hostile");

app.test("a hostile local page gets nothing stored by any receiver", async () => {
  const events = await app.server.call("events_receiver");
  const syncro = await app.server.call("syncro_alerts_receiver");
  assert.match(events, /^http:\/\/127\.0\.0\.1:\d+\/beyondtrust\/events\/[0-9a-f]{32}$/);
  const page = `<!doctype html><body>
    <form id="f" method="POST" action="${events}">
      <input name="event" value="support_conference_end"><input name="lsid" value="forged-by-a-page">
    </form>
    <script>
      fetch(${JSON.stringify(syncro)}, { method: "POST", mode: "no-cors", body: '{"id": 4242}' })
        .finally(() => document.getElementById("f").submit());
    </script>`;
  const hostile = createServer((_, res) => res.writeHead(200, { "content-type": "text/html" }).end(page));
  await new Promise((r) => hostile.listen(0, "127.0.0.1", r));
  try {
    const tab = await app.page.context().newPage();
    // The page posts and navigates away at once: waiting for its load could wait forever.
    await tab.goto(`http://127.0.0.1:${hostile.address().port}/`, { waitUntil: "commit" });
    // Both posts reached the receiver, and each was refused for its Origin.
    const refused = await until("both refusals in the server's log", () => {
      const n = readFileSync(app.server.log, "utf8").split("a request from a web page to the receiver was refused").length - 1;
      return n >= 2 && n;
    });
    assert.equal(refused, 2);
    await Promise.race([tab.close(), new Promise((r) => setTimeout(r, 5000))]);
  } finally {
    // Chromium keeps its connection to the page open: closed here, or this file never ends.
    hostile.closeAllConnections();
    hostile.close();
  }
});
