// SyncroMSP in the real window (SY2–SY7): the admin turns the SyncroMSP card on (the sandbox's
// Syncro), previews the customers and the assets import — every row with its reason — and runs
// them; an imported computer has its Splashtop button. Then the sandbox raises an alert: it
// becomes a ticket, and resolving the ticket resolves the alert in the sandbox.
import { test } from "node:test";
import assert from "node:assert/strict";
import { launch, until, page } from "./support.mjs";

const { ARTIFACTS, SANDBOX_URL } = process.env;

const rows = (browser) =>
  browser.execute(() =>
    [...document.querySelectorAll('[data-testid="import-row"]')].map((r) => ({
      id: Number(r.dataset.syncroId),
      action: r.dataset.action,
      reason: r.querySelector('[data-testid="import-reason"]').textContent,
    })),
  );

async function sandboxAlert(id) {
  return fetch(`${SANDBOX_URL}/_sandbox/syncro/alerts/${id}`).then((r) => r.json());
}

test("Syncro customers and assets imported through an explained preview; an alert is a ticket both ways", async () => {
  const browser = await launch();
  const p = page(browser);
  const scrollTo = (id) =>
    browser.execute((t) => document.querySelector(`[data-testid="${t}"]`)?.scrollIntoView({ block: "center" }), id);
  try {
    await until("the sidebar", () => p.exists("nav-settings"));
    await p.byTestId("nav-settings").click();
    await until("the SyncroMSP card", () => p.exists("integration-field-syncro-base_url"));
    await scrollTo("integration-field-syncro-base_url");
    await p.byTestId("integration-field-syncro-base_url").setValue(`${SANDBOX_URL}/api/v1`);
    await p.byTestId("integration-field-syncro-api_key").setValue("sandbox-syncro-key");
    if (!(await browser.execute(() => document.querySelector('[data-testid="integration-enabled-syncro"]').checked))) {
      await p.byTestId("integration-enabled-syncro").click();
    }
    await p.byTestId("integration-save-syncro").click();
    await until("the key in the keychain", () => p.exists("integration-secret-stored-syncro-api_key"));

    // Customers first: Northwind is matched by its exact name; the two Acmes are not guessed.
    await scrollTo("syncro-settings");
    await p.byTestId("import-preview-customers").click();
    await until("the customers preview", () => p.exists("import-preview"), 20000);
    const customers = await rows(browser);
    assert.match(customers.find((r) => r.id === 12).reason, /matched by name 'Northwind Traders'/);
    assert.match(customers.find((r) => r.id === 14).reason, /2 Syncro customers are named 'Acme'/);
    await p.byTestId("import-run").click();
    await until("the customers imported", async () => /Customers:\s*last imported/.test((await p.text("import-runs")) ?? ""), 20000);

    // Assets: each row says what it will do and why, before anything is written.
    await p.byTestId("import-preview-assets").click();
    await until("the assets preview", () => p.exists("import-preview"), 20000);
    const assets = await rows(browser);
    assert.match(assets.find((r) => r.id === 501).reason, /matched by serial 'PC-0042'/);
    for (const id of [502, 503]) {
      const r = assets.find((x) => x.id === id);
      assert.equal(r.action, "create");
      assert.match(r.reason, /serial 'None' is excluded from matching/);
    }
    assert.match(assets.find((r) => r.id === 505).reason, /new type 'Label Printer'/);
    await scrollTo("import-preview");
    await browser.saveScreenshot(`${ARTIFACTS}/syncro-preview.png`);
    await p.byTestId("import-run").click();
    await until("the assets imported", async () => /Assets:\s*last imported/.test((await p.text("import-runs")) ?? ""), 30000);

    // An imported computer launches by the MAC address Syncro's agent reported.
    await p.byTestId("nav-assets").click();
    await until("the imported asset", () => p.exists("asset-row-syncro-502"), 20000);
    await p.byTestId("asset-row-syncro-502").click();
    await until("its Splashtop button", () =>
      browser.execute(() =>
        [...document.querySelectorAll('[data-testid="launch-button"]')].some((b) => b.dataset.buttonId.startsWith("splashtop:")),
      ),
    );

    // Alerts: on, then the sandbox raises one.
    await p.byTestId("nav-settings").click();
    await until("the alerts settings", () => p.exists("syncro-alerts-enabled"));
    await scrollTo("syncro-alerts-enabled");
    await p.byTestId("syncro-alerts-enabled").click();
    await p.byTestId("syncro-alerts-save").click();
    await until("alerts saved", () =>
      browser.execute(() => !document.querySelector('[data-testid="syncro-check-alerts"]').disabled),
    );
    const raised = await fetch(`${SANDBOX_URL}/_sandbox/syncro/alerts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ asset_id: 501, description: "Low Disk Space", formatted_output: "C: 3% free" }),
    }).then((r) => r.json());
    await p.byTestId("syncro-check-alerts").click();
    await p.byTestId("nav-tickets").click();
    const row = await until("the alert's ticket", () =>
      browser.execute(
        () =>
          [...document.querySelectorAll('[data-testid^="ticket-row-"]')].find((r) =>
            r.textContent.includes("Low Disk Space on NW-PC-0042"),
          )?.dataset.testid ?? null,
      ),
    20000);
    await p.byTestId(row).click();
    await until("the alert on the timeline", () =>
      browser.execute(() =>
        [...document.querySelectorAll('[data-testid="ticket-action"]')].some(
          (e) => e.dataset.kind === "rmm_alert" && e.textContent.includes("C: 3% free"),
        ),
      ),
    );
    await browser.saveScreenshot(`${ARTIFACTS}/syncro-alert-ticket.png`);

    // Resolved here: the outbox resolves it in Syncro.
    await browser.execute(() => {
      const s = document.querySelector('[data-testid="ticket-status-select"]');
      s.value = "resolved";
      s.dispatchEvent(new Event("change", { bubbles: true }));
    });
    await until("Resolved on the ticket", async () =>
      (await browser.execute(() => document.querySelector('[data-testid="ticket-status"]')?.dataset.status)) === "resolved",
    );
    const state = await until("the alert resolved in the sandbox", async () => {
      const s = await sandboxAlert(raised.id);
      return s.resolved_by_api ? s : null;
    }, 20000);
    assert.equal(state.alert.resolved, true);
  } catch (e) {
    await browser.saveScreenshot(`${ARTIFACTS}/syncro-failure.png`).catch(() => {});
    throw e;
  } finally {
    await browser.deleteSession();
  }
});
