// A day of desk work, compressed, under random faults and kill -9 (issue 14).
//
// The real app core (`tether serve`) works a real desk: tickets, BeyondTrust invitations
// mailed through a real SMTP server, sessions played at the sandbox appliance whose outbound
// events reach the app's receiver, and SyncroMSP alerts turned into tickets. Meanwhile the
// vendors misbehave (BeyondTrust 500 / 429 / cut-off XML / a revoked token, Syncro 500 / 429
// / cut-off JSON, the mail server answering 451) and the app is killed with SIGKILL at random
// moments and started again on the same data directory.
//
// A technician whose click met a dead app looks before clicking again (the ticket is
// searched for, the timeline read), as anyone would; nothing else is retried by this script.
// At the end of the day, once the vendors behave, every ticket, invitation, mail, session
// record and alert ticket must exist exactly once, and no secret may be found in the data
// directory or the app's log. The figures are printed as one JSON line.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { existsSync, openSync, readFileSync, readdirSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const TETHER = process.env.TETHER_BIN;
const WORK = process.env.CHAOS_WORK;
const TICKETS = Number(process.env.CHAOS_TICKETS ?? 24);
const SEED = Number(process.env.CHAOS_SEED ?? Date.now() % 1_000_000);
const DATA = join(WORK, "data");
const LOG = join(WORK, "serve.log");
const BT_SECRET = "sandbox-bt-secret";
const SYNCRO_KEY = "sandbox-syncro-key";

// mulberry32: the seed replays the same faults and kills in the same order.
let state = SEED >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (xs) => xs[Math.floor(random() * xs.length)];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const figures = { seed: SEED, tickets: 0, invitations: 0, sessions: 0, alerts: 0, imported_customers: 0, operations: 0, faults: {}, kills: 0, lost: 0, duplicated: 0, resent_same_message: 0 };
const fault = (what) => (figures.faults[what] = (figures.faults[what] ?? 0) + 1);

const children = new Set();
process.on("exit", () => children.forEach((c) => c.exitCode === null && c.kill("SIGKILL")));

/** Starts a process and resolves with its first stdout line. */
function firstLine(cmd, args, env, logFile) {
  const child = spawn(cmd, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", openSync(logFile, "a")],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return new Promise((ok, fail) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error(`${cmd} ${args.join(" ")} printed nothing in 30 s`)), 30000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const nl = out.indexOf("\n");
      if (nl >= 0) {
        clearTimeout(timer);
        child.stdout.removeAllListeners("data");
        child.stdout.resume();
        ok({ child, line: out.slice(0, nl).trim() });
      }
    });
    child.once("exit", (code) => fail(new Error(`${cmd} exited with ${code} before it was ready (see ${logFile})`)));
  });
}

function freePort() {
  return new Promise((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

// ---- the world: the sandbox's vendors, a real SMTP server, the app ----

const sandbox = (await firstLine(TETHER, ["sandbox", "--port", "0"], { TETHER_DATA_DIR: join(WORK, "sandbox") }, join(WORK, "sandbox.log"))).line;
const mailFile = join(WORK, "mail.jsonl");
const refuseFile = join(WORK, "smtp-refuses");
const sink = await firstLine("python3", ["tests/support/smtp_sink.py", "--out", mailFile, "--refuse-file", refuseFile], {}, join(WORK, "smtp.log"));
const smtpPort = Number(/^READY (\d+)$/.exec(sink.line)[1]);
// A fixed receiver address: the appliance keeps posting to it across the app's restarts.
const eventsBind = `127.0.0.1:${await freePort()}`;

let app = null; // { child, url, token }
let appStarting = null;
async function startApp() {
  const { child, line } = await firstLine(
    TETHER,
    ["--json", "serve"],
    {
      TETHER_DATA_DIR: DATA,
      TETHER_KEYCHAIN_SERVICE: "dev.tether.chaos",
      TETHER_EVENTS_BIND: eventsBind,
      TETHER_LOG: "info",
    },
    LOG,
  );
  const info = JSON.parse(line);
  app = { child, url: info.url, token: info.token };
}
/** The app, started again if it is not running. */
async function appUp() {
  if (app && app.child.exitCode === null && app.child.signalCode === null) return;
  appStarting ??= startApp().finally(() => (appStarting = null));
  await appStarting;
}

class AppDown extends Error {}

async function call(command, args = {}) {
  await appUp();
  let r;
  try {
    r = await fetch(`${app.url}/api/${command}`, {
      method: "POST",
      headers: { authorization: `Bearer ${app.token}`, "content-type": "application/json" },
      body: JSON.stringify(args),
      signal: AbortSignal.timeout(60000),
    });
  } catch (e) {
    throw new AppDown(`${command}: ${e.cause?.code ?? e.message}`);
  }
  const body = await r.json().catch(() => null);
  if (!r.ok) {
    const err = new Error(`${command}: ${r.status} ${JSON.stringify(body)}`);
    err.status = r.status;
    err.body = body;
    throw err;
  }
  return body;
}

/**
 * A technician's click: done once. If the app died under it, they look (`done`) before
 * clicking again. A vendor's refusal is waited out and tried again, as the card says.
 */
async function click(what, action, done) {
  for (let tries = 0; ; tries++) {
    figures.operations++;
    try {
      return await action();
    } catch (e) {
      if (tries > 40) throw e;
      if (e instanceof AppDown) {
        await appUp();
        const already = await lookUntilUp(done);
        if (already) return already;
      } else if (e.status >= 500 || e.body?.code?.startsWith?.("provider_")) {
        await sleep(300);
        const already = await lookUntilUp(done);
        if (already) return already;
      } else {
        throw new Error(`${what}: ${e.message}`);
      }
    }
  }
}
async function lookUntilUp(look) {
  for (;;) {
    try {
      return await look();
    } catch (e) {
      if (!(e instanceof AppDown)) throw e;
      await appUp();
    }
  }
}

async function sandboxPost(path, body = {}) {
  const r = await fetch(`${sandbox}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await r.text();
  assert.ok(r.ok, `${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

// ---- setting up the desk (before the chaos) ----

await appUp();
await call("leave_demo", {
  technician: { id: "alex", name: "Alex Rivera", email: "alex@msp.example", can_release: true, available: true },
});
await call("save_integration", {
  update: { kind: "smtp", enabled: true, values: { host: "127.0.0.1", port: String(smtpPort), tls: "none", from: "Desk <desk@msp.example>" }, secrets: {} },
});
await call("save_integration", {
  update: { kind: "beyondtrust", enabled: true, values: { base_url: sandbox, client_id: "sandbox-bt-client" }, secrets: { client_secret: BT_SECRET } },
});
const bt = await call("fetch_beyondtrust_teams");
for (const t of bt.teams) Object.assign(t, { enabled: t.display_name === "Helpdesk", default: t.display_name === "Helpdesk" });
await call("save_beyondtrust_settings", { settings: bt });
const receiver = await call("events_receiver");
assert.ok(receiver, "the app has an events receiver");
const eventsToken = receiver.split("/").pop();
await sandboxPost("/_sandbox/beyondtrust/outbound", { recipient: receiver });
await call("save_integration", {
  update: { kind: "syncro", enabled: true, values: { base_url: `${sandbox}/api/v1` }, secrets: { api_key: SYNCRO_KEY } },
});
await call("save_syncro_alert_settings", { settings: { enabled: true, ticket_type_id: null, default_end_user_id: null } });

// ---- the chaos: faults at the vendors, kills of the app ----

const BT_FAULTS = ["server_error", "rate_limit", "malformed"];
const SYNCRO_FAULTS = ["server_error", "rate_limit", "malformed"];
let chaos = true;
async function injectFaults() {
  while (chaos) {
    await sleep(200 + random() * 800);
    const roll = random();
    if (roll < 0.3) {
      const f = pick(BT_FAULTS);
      await sandboxPost("/_sandbox/beyondtrust/faults", { fault: f, count: 1 + Math.floor(random() * 3) });
      fault(`beyondtrust ${f}`);
    } else if (roll < 0.45) {
      await sandboxPost("/_sandbox/beyondtrust/revoke-tokens");
      fault("beyondtrust token revoked");
    } else if (roll < 0.7) {
      const f = pick(SYNCRO_FAULTS);
      await sandboxPost("/_sandbox/syncro/faults", { fault: f });
      fault(`syncro ${f}`);
    } else if (roll < 0.85 && !existsSync(refuseFile)) {
      writeFileSync(refuseFile, "451");
      fault("smtp 451");
      setTimeout(() => existsSync(refuseFile) && unlinkSync(refuseFile), 500 + random() * 2500);
    }
  }
}
async function killAtRandom() {
  while (chaos) {
    await sleep(1000 + random() * 3000);
    if (!chaos) break;
    await appUp();
    const gone = new Promise((r) => app.child.once("exit", r));
    app.child.kill("SIGKILL");
    await gone;
    figures.kills++;
    await appUp();
  }
}

// ---- the day ----

console.log(`seed ${SEED}: ${TICKETS} tickets`);
const started = Date.now();
const chaosDone = Promise.all([injectFaults(), killAtRandom()]);
const work = [];

async function findTicket(subject) {
  const all = await call("tickets", { query: { text: "", status: null, customer_id: null, assignee: null, limit: null } });
  return all.find((t) => t.subject === subject) ?? null;
}
async function invitationOf(ticketId) {
  const detail = await call("ticket_detail", { id: ticketId });
  return detail.actions.find((a) => a.kind === "remote_session_invitation") ?? null;
}

/** Syncro's customers imported as an admin does it: preview, then run exactly that plan. */
async function importCustomers() {
  const preview = await call("preview_syncro_import", { kind: "customers" });
  await call("run_syncro_import", { preview_id: preview.id });
}
const imported = [];
async function deskCustomers() {
  return (await call("directory")).customers.map((c) => c.name);
}

for (let i = 0; i < TICKETS; i++) {
  if (i % 10 === 5) {
    // New customers in Syncro, imported into the desk in the middle of everything else.
    const names = [0, 1, 2].map((k) => `Chaos ${SEED} customer ${i}-${k}`);
    for (const [k, name] of names.entries()) {
      await sandboxPost("/_sandbox/syncro/customers", { id: 500000 + i * 10 + k, business_name: name, firstname: "Pat", lastname: `K${k}`, fullname: `Pat K${k}`, disabled: false });
    }
    await click("import Syncro customers", importCustomers, async () => {
      const have = await deskCustomers();
      return names.every((n) => have.includes(n)) || null;
    });
    imported.push(...names);
    figures.imported_customers += names.length;
  }

  const subject = `Chaos ${SEED} ticket ${i}: printer prints blank pages`;
  const email = `user${i}.${SEED}@customer.example`;
  const ticket = await click(
    "create a ticket",
    async () => (await call("create_ticket", { ticket: { subject, customer_id: null, end_user_name: `User ${i}`, end_user_email: email, type_id: null, asset_id: null } })).ticket,
    () => findTicket(subject),
  );
  figures.tickets++;
  const item = { i, subject, email, ticketId: ticket.id, lsid: null, alert: null };
  work.push(item);

  const invitation = await click(
    "invite by email",
    () => call("send_invite", { request: { ticket_id: ticket.id, recipients: email, target: { kind: "default" }, quick: false, provider: "beyondtrust" } }),
    () => invitationOf(ticket.id),
  );
  figures.invitations++;
  await sleep(100 + random() * 400);

  // The customer joins with the key from the email; the rep helps and ends the session.
  const key = invitation.invitation.code;
  const joined = await sandboxPost(`/_sandbox/beyondtrust/keys/${key}/join`, { customer_name: `User ${i}`, customer_host: `PC-${i}` });
  item.lsid = joined.lsid;
  await sandboxPost(`/_sandbox/beyondtrust/sessions/${item.lsid}/chat`, { from: "rep", body: `Fixed item ${i}` });
  await sandboxPost(`/_sandbox/beyondtrust/sessions/${item.lsid}/end`, { duration_secs: 60 + i });
  figures.sessions++;
  await sleep(100 + random() * 400);

  if (i % 3 === 0) {
    const alert = await sandboxPost("/_sandbox/syncro/alerts", { description: `Chaos ${SEED} alert ${i}: low disk`, computer_name: `PC-${i}` });
    item.alert = alert;
    figures.alerts++;
  }
}
chaos = false;
await chaosDone;
if (existsSync(refuseFile)) unlinkSync(refuseFile);
const dayMs = Date.now() - started;

// ---- the end of the day: everything arrives, once ----

async function eventually(what, check, timeoutMs = 180000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      last = await check();
      if (last === true) return;
    } catch (e) {
      last = e.message;
    }
    await sleep(1000);
  }
  throw new Error(`${what} never happened: ${JSON.stringify(last)}`);
}
await eventually("every mail sent", async () => {
  const waiting = await call("pending_mail");
  if (waiting.length) await call("retry_mail");
  return waiting.length === 0 || `${waiting.length} waiting: ${waiting.map((m) => m.last_error).join("; ")}`;
});
await eventually("every session back on its ticket", async () => {
  await call("intake_now");
  const missing = [];
  for (const item of work) {
    const actions = (await call("ticket_detail", { id: item.ticketId })).actions;
    if (!actions.some((a) => a.kind === "remote_session")) missing.push(item.i);
  }
  return missing.length === 0 || `tickets without their session: ${missing.join(", ")}`;
});
await eventually("every alert a ticket", async () => {
  await call("check_syncro_alerts");
  const missing = [];
  const subjects = (await call("tickets", { query: { text: "", status: null, customer_id: null, assignee: null, limit: null } })).map((t) => t.subject);
  for (const item of work.filter((w) => w.alert)) {
    if (!subjects.some((s) => s.startsWith(`Chaos ${SEED} alert ${item.i}:`))) missing.push(item.i);
  }
  return missing.length === 0 || `alerts without a ticket: ${missing.join(", ")}`;
});

await eventually("every Syncro customer imported", async () => {
  const have = await deskCustomers();
  const missing = imported.filter((n) => !have.includes(n));
  if (missing.length) await importCustomers();
  return missing.length === 0 || `not imported: ${missing.join(", ")}`;
});

// Exactly once: counted from what the desk and the mail server hold.
const problems = [];
/** `what` should exist once and is there `n` times. */
const count = (what, n) => {
  if (n === 0) {
    figures.lost++;
    problems.push(`${what} is missing`);
  } else if (n > 1) {
    figures.duplicated += n - 1;
    problems.push(`${what} is there ${n} times`);
  }
};
// The whole desk's tickets, by subject (a search would rank and cut).
const bySubject = new Map();
for (const t of await call("tickets", { query: { text: "", status: null, customer_id: null, assignee: null, limit: null } })) {
  bySubject.set(t.subject, (bySubject.get(t.subject) ?? 0) + 1);
}
assert.ok(bySubject.size < 500, "the list is not cut off");
const mails = readFileSync(mailFile, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
for (const item of work) {
  count(`ticket ${item.i}`, bySubject.get(item.subject) ?? 0);
  const actions = (await call("ticket_detail", { id: item.ticketId })).actions;
  count(`the invitation of ticket ${item.i}`, actions.filter((a) => a.kind === "remote_session_invitation").length);
  count(`the session's action of ticket ${item.i}`, actions.filter((a) => a.kind === "remote_session").length);
  // A mail the server took just before a kill is sent again after it: the same message
  // (one Message-ID), which the recipient's mailbox shows once. Counted apart, not hidden.
  const copies = mails.filter((m) => m.rcpt_tos.includes(item.email));
  const messages = new Set(copies.map((m) => /^Message-ID: (.*)$/im.exec(m.data)?.[1]?.trim() ?? `none ${Math.random()}`));
  count(`the invitation email of ticket ${item.i}`, messages.size);
  figures.resent_same_message += copies.length - messages.size;
  if (item.alert) {
    const alertTickets = [...bySubject].filter(([subject]) => subject.startsWith(`Chaos ${SEED} alert ${item.i}:`));
    count(`the ticket of alert ${item.i}`, alertTickets.reduce((n, [, k]) => n + k, 0));
  }
}

const customers = await deskCustomers();
for (const name of imported) {
  count(`the imported customer ${name}`, customers.filter((n) => n === name).length);
}

// Nothing secret in the data directory (the SQLite file and its WAL included) or the log.
const secrets = [BT_SECRET, SYNCRO_KEY, eventsToken];
function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}
for (const file of [...filesUnder(DATA), LOG]) {
  const bytes = readFileSync(file);
  for (const s of secrets) if (bytes.includes(s)) problems.push(`a secret (${s.slice(0, 4)}…) is in ${file}`);
}

app.child.kill("SIGTERM");
figures.seconds = Math.round(dayMs / 1000);
console.log(JSON.stringify(figures));
assert.deepEqual(problems, [], problems.join("\n"));
assert.ok(figures.kills > 0, "the app was killed at least once");
process.exit(0);
