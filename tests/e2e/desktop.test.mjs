// A good desktop citizen, in the real window: one instance (a second launch hands its
// `tether://` link to the running one and exits), links that open a ticket, and the window's
// size kept for the next start.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { launch, until, page } from "./support.mjs";

const { APP_BIN, XDG_CONFIG_HOME } = process.env;

test("a second launch with a tether:// link opens the ticket in the running window and exits", async () => {
  const browser = await launch();
  const p = page(browser);
  try {
    await until("the board", () => p.exists("nav-tickets"));
    // As a PSA page's link would start it: the same binary, a link as its argument.
    const second = spawnSync(APP_BIN, ["tether://ticket/1042"], { timeout: 20000, encoding: "utf8" });
    assert.equal(second.status, 0, `the second launch did not hand over and exit: ${second.stderr}`);
    await until("ticket #1042 shown", async () => (await p.text("ticket-number")) === "#1042", 20000);
    assert.equal(await p.text("ticket-subject"), "Label printer prints blank pages");

    // The window is resized: its size is kept for the next start (the window-state plugin
    // restores it from there), saved a moment after the change rather than only at a clean exit.
    await browser.setWindowSize(1100, 700);
    const saved = await until("the size saved", () => {
      const file = join(XDG_CONFIG_HOME, "dev.tether.desktop", ".window-state.json");
      if (!existsSync(file)) return null;
      const state = JSON.parse(readFileSync(file, "utf8")).main;
      return state && state.width === 1100 ? state : null;
    });
    assert.equal(saved.height, 700);
  } finally {
    await browser.deleteSession();
  }

  // The next start opens at that size.
  const again = await launch();
  try {
    await until("the board", () => page(again).exists("nav-tickets"));
    const size = await until("the window restored", async () => {
      const s = await again.getWindowSize();
      return s.width === 1100 && s.height === 700 && s;
    });
    assert.deepEqual([size.width, size.height], [1100, 700]);
    await again.setWindowSize(1280, 800);
    await until("the size saved back", () => {
      const file = join(XDG_CONFIG_HOME, "dev.tether.desktop", ".window-state.json");
      return JSON.parse(readFileSync(file, "utf8")).main?.width === 1280;
    });
  } finally {
    await again.deleteSession();
  }
});
