// The ticket desk in the real window: a quick invite from a ticket to an unavailable
// technician falls back to the default team, which the dialog says before sending; the real
// SMTP server receives the email with the session's link; the ticket shows the invitation.
// Then an asset's launch buttons follow the configured fields, and an Android asset has none.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { launch, until, page } from "./support.mjs";

const { ARTIFACTS, MAIL_LOG } = process.env;

function received() {
  if (!existsSync(MAIL_LOG)) return [];
  return readFileSync(MAIL_LOG, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

test("a quick invite falls back to the default team, is mailed, and lands on the ticket", async () => {
  const browser = await launch();
  const p = page(browser);
  try {
    await until("the sidebar", () => p.exists("nav-tickets"));
    await p.byTestId("nav-tickets").click();
    await until("ticket #1042", () => p.exists("ticket-row-1042"));
    await p.byTestId("ticket-row-1042").click();
    await until("the ticket", () => p.exists("ticket-detail"));
    await until("the invite button", () => p.exists("ticket-invite"));
    await p.byTestId("ticket-invite").click();
    await until("the invite dialog", () => p.exists("invite-dialog"));
    assert.equal(await p.value("invite-recipients"), "maria@northwind.example");

    await p.byTestId("invite-target-kind").selectByAttribute("value", "agent");
    await until("Priya in the list", () =>
      browser.execute(() => !!document.querySelector('[data-testid="invite-target-id"] option[value="priya"]')),
    );
    await p.byTestId("invite-target-id").selectByAttribute("value", "priya");
    const target = await until("the fallback shown before sending", async () => {
      const t = await p.text("invite-preview-target");
      return t && t.includes("Team Helpdesk") && t.includes("unavailable") ? t : null;
    });
    assert.match(target, /Priya Patel is unavailable/);
    assert.equal(received().length, 0, "nothing is sent by the preview");
    await browser.saveScreenshot(`${ARTIFACTS}/invite-preview.png`);

    await p.byTestId("invite-send").click();
    const mail = await until("the SMTP server to receive it", () => received()[0], 20000);
    assert.deepEqual(mail.rcpt_tos, ["maria@northwind.example"]);
    assert.match(mail.data, /Subject: Remote support session, code \d{9}/);

    const action = await until("the invitation on the ticket", () =>
      browser.execute(() => {
        const a = [...document.querySelectorAll('[data-testid="ticket-action"]')].find(
          (e) => e.dataset.kind === "remote_session_invitation",
        );
        return a ? a.textContent : null;
      }),
    );
    assert.match(action, /Team Helpdesk/);
    assert.match(action, /maria@northwind\.example/);
    const link = await until("the session link on the action", () => p.text("ticket-action-link"));
    const body = mail.data.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
    assert.ok(body.includes(link), `the mailed body carries the link ${link}`);
    await until("delivery marked sent", async () => /sent/i.test((await p.text("ticket-action-delivery")) ?? ""));
    await browser.saveScreenshot(`${ARTIFACTS}/ticket-invited.png`);
  } finally {
    await browser.deleteSession();
  }
});

test("launch buttons follow the configured fields; an Android asset has none, with the reason", async () => {
  const browser = await launch();
  const p = page(browser);
  const buttons = () =>
    browser.execute(() =>
      [...document.querySelectorAll('[data-testid="launch-button"]')].map((b) => b.dataset.buttonId),
    );
  try {
    await until("the sidebar", () => p.exists("nav-assets"));
    await p.byTestId("nav-assets").click();
    await until("the PC", () => p.exists("asset-row-nw-pc-0042"));
    await p.byTestId("asset-row-nw-pc-0042").click();
    await until("its detail", () => p.exists("asset-detail"));
    const pc = await until("its buttons", async () => {
      const b = await buttons();
      return b.length ? b : null;
    });
    assert.deepEqual(pc, ["splashtop:mac_address", "splashtop:splashtop_uuid"]);
    await browser.saveScreenshot(`${ARTIFACTS}/asset-launch.png`);

    await p.byTestId("asset-row-nw-tab-01").click();
    const reason = await until("the Android reason", () => p.text("launch-unavailable"));
    assert.match(reason, /Android/);
    assert.deepEqual(await buttons(), []);
  } finally {
    await browser.deleteSession();
  }
});
