// The tray, in the real window under a real system tray (trayer, an XEmbed tray): the icon
// is there, its menu opens on a right click, and its Settings… entry brings the window to
// Settings. The menu is driven with the keyboard, as GTK menus are, not by pixel positions.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { launch, until, page } from "./support.mjs";

const { ARTIFACTS } = process.env;

/** The tray icon's window, with where it is on the screen. */
function trayIcon() {
  const tree = spawnSync("xwininfo", ["-root", "-tree"], { encoding: "utf8" }).stdout;
  const line = tree.split("\n").find((l) => l.includes('"tray-icon tray app tether"'));
  if (!line) return null;
  // …  24x26+0+0  +1255+1: the size, then the absolute position.
  const m = /(\d+)x(\d+)\+-?\d+\+-?\d+\s+\+(-?\d+)\+(-?\d+)/.exec(line);
  return m && { width: +m[1], height: +m[2], x: +m[3], y: +m[4] };
}

const xdotool = (...args) => spawnSync("xdotool", args, { encoding: "utf8" });

test("the tray icon's menu brings the window to Settings", async () => {
  const browser = await launch();
  const p = page(browser);
  try {
    await until("the board", () => p.exists("nav-tickets"));
    const icon = await until("the tray icon, docked", () => trayIcon());
    assert.ok(icon.width > 0 && icon.height > 0);
    // Without a window manager the full-screen window covers the tray's panel: raise it, as
    // a desktop's panel stays on top.
    xdotool("search", "--class", "trayer", "windowraise", "%@");

    xdotool("mousemove", String(icon.x + icon.width / 2), String(icon.y + icon.height / 2), "click", "3");
    await new Promise((r) => setTimeout(r, 800));
    spawnSync("import", ["-window", "root", `${ARTIFACTS}/tray-menu.png`]);
    // The first line only counts (not sensitive); Down goes to Show Tether, then Settings….
    xdotool("key", "Down", "Down", "Return");
    await until("Settings, from the tray", () => p.exists("settings-view"));
  } finally {
    await browser.deleteSession();
  }
});
