// End-to-end test of the copydesk extension in the real VS Code workbench (code-server),
// driven headless by playwright-core through Debian's Chromium.
//
// usage: node e2e.mjs <code-server-bin> <platform.vsix> [universal.vsix]
//   platform.vsix: the linux-x64 package with the server inside (all the editing steps)
//   universal.vsix: the package without a server (checks the "not found" error)
// env:   E2E_OUT       artifacts folder (screenshots, logs)        default ./e2e-out
//        E2E_SERVER    server binary to use instead of the one bundled in the .vsix
//        CHROMIUM      browser binary                             default /usr/bin/chromium
//        E2E_CONTINUE  run every step even after a failure (debugging)
// Prints "ok - <step>" / "not ok - <step>" and "e2e: N passed, N failed"; exit 1 on failure.
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [csBin, vsix, universalVsix] = process.argv.slice(2);
if (!csBin || !vsix) {
  console.error('usage: node e2e.mjs <code-server-bin> <platform.vsix> [universal.vsix]');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '..', '..', 'test-fixtures');
const out = path.resolve(process.env.E2E_OUT || 'e2e-out');
const T = Number(process.env.E2E_TIMEOUT_MS || 45000); // generous: 2 shared cores
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'copydesk-e2e-'));
const userData = path.join(tmp, 'user-data');
const extDir = path.join(tmp, 'extensions');
const ws = path.join(tmp, 'newsroom');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.mkdirSync(path.join(ws, '.vscode'), { recursive: true });
const DRAFT = 'harbor.md';
const draftText = fs.readFileSync(path.join(fixtures, DRAFT), 'utf8');
fs.writeFileSync(path.join(ws, DRAFT), draftText);
// a draft with an unattributed claim (quick fixes with a [SOURCE] placeholder)
const CLAIMS = 'claims.md';
const claimsText = fs.readFileSync(path.join(fixtures, CLAIMS), 'utf8');
fs.writeFileSync(path.join(ws, CLAIMS), claimsText);
// the example draft of the repository (examples/story.md), when present
const example = path.resolve(here, '..', '..', '..', 'examples', 'story.md');
if (fs.existsSync(example)) {
  fs.mkdirSync(path.join(ws, 'examples'), { recursive: true });
  fs.copyFileSync(example, path.join(ws, 'examples', 'story.md'));
}
const wsSettings = path.join(ws, '.vscode', 'settings.json');
fs.writeFileSync(wsSettings, '{}\n');
fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'editor.hover.delay': 100,
  'editor.minimap.enabled': false,
  'editor.lightbulb.enabled': 'off',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.editor.enablePreview': false,
  'copydesk.trace.server': 'messages',
}, null, 2));

const t0 = Date.now();
const log = (...a) => console.log(`  # [${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const results = [];
let page;
let browser;
let cs;

// (line, UTF-16 column) of a string in the draft, 1-based like VS Code's status bar
function where(text, needle) {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const c = lines[i].indexOf(needle); // JS string indices are UTF-16 code units
    if (c >= 0) return { line: i + 1, col: c + 1 };
  }
  throw new Error(`not in draft: ${needle}`);
}

async function step(name, fn) {
  if (!process.env.E2E_CONTINUE && results.some((r) => !r.ok)) {
    results.push({ name, ok: false });
    console.log(`not ok - ${name}: skipped after an earlier failure`);
    return;
  }
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok - ${name}`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`not ok - ${name}: ${String(e?.message ?? e).split('\n').join('\n    ')}`);
    const slug = name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    if (page) {
      await page.screenshot({ path: path.join(out, `fail-${slug}.png`) }).catch(() => {});
      await fs.promises.writeFile(path.join(out, `fail-${slug}.txt`),
        await page.evaluate(() => document.body.innerText).catch(() => '')).catch(() => {});
    }
  }
}

const norm = (s) => (s ?? '').replace(/\u00a0/g, ' ');
const editorText = () => page.evaluate(() =>
  [...document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line')]
    .map((l) => ({ top: parseFloat(l.style.top), text: l.textContent }))
    .sort((a, b) => a.top - b.top).map((l) => l.text).join('\n'));
// one line per row of the Problems panel: "message copydesk rule/id [Ln 10, Col 53]"
const problemsText = () => page.evaluate(() =>
  [...document.querySelectorAll('.markers-panel .monaco-list-row')]
    .map((r) => r.innerText.replace(/\s+/g, ' ').trim()).join('\n'));

async function waitFor(desc, fn, timeout = T) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out (${timeout} ms) waiting for ${desc}; last: ${String(last).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function runCommand(label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: T });
  await input.fill('>' + label);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: T });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: T });
}

async function goTo({ line, col }) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: T });
  await input.fill(`:${line}:${col}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: T });
  // (the status bar counts an emoji as one column, so it cannot confirm a UTF-16 column;
  // the quick input has closed, so the cursor has moved)
  await waitFor('line in the status bar', async () =>
    (await page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first().innerText())
      .includes(`Ln ${line},`));
}

function problemLines(text) {
  return norm(text).split('\n').map((s) => s.trim()).filter(Boolean);
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

async function launch(extensionsDir, environment, logName) {
  const port = await freePort();
  const csLog = fs.openSync(path.join(out, logName), 'w');
  cs = spawn(csBin, ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--user-data-dir', userData, '--extensions-dir', extensionsDir, ws],
  { stdio: ['ignore', csLog, csLog], env: environment, detached: true });
  await waitFor('code-server /healthz', async () => {
    try { return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok; } catch { return false; }
  }, 90000);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
  page.on('pageerror', (e) => fs.appendFileSync(path.join(out, 'page-errors.log'), String(e) + '\n'));
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 90000 });
}

async function shutdown() {
  try { await browser?.close(); } catch {}
  try { if (cs) process.kill(-cs.pid, 'SIGTERM'); } catch {}
  if (cs && cs.exitCode === null) await new Promise((r) => { cs.once('exit', r); setTimeout(r, 10000); });
  browser = undefined; page = undefined; cs = undefined;
}

const env = { ...process.env };
delete env.COPYDESK_SERVER_PATH; // the extension must find the server bundled in the .vsix
if (process.env.E2E_SERVER) env.COPYDESK_SERVER_PATH = process.env.E2E_SERVER;

try {
  await step('extension installs from the .vsix', async () => {
    execFileSync(csBin, ['--user-data-dir', userData, '--extensions-dir', extDir,
      '--install-extension', path.resolve(vsix)], { stdio: 'pipe', env, timeout: 120000 });
    const installed = fs.readdirSync(extDir).filter((n) => n.startsWith('copydesk.copydesk-'));
    if (installed.length !== 1) throw new Error(`installed: ${fs.readdirSync(extDir).join(', ')}`);
    log('installed', installed[0]);
  });

  await step('workbench loads and the draft opens', async () => {
    await launch(extDir, env, 'code-server.log');
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: DRAFT }).first();
    await row.waitFor({ timeout: 90000 });
    await row.click();
    await waitFor('draft text in the editor', async () => norm(await editorText()).includes('Harbor board backs'));
    log('editor open');
  });

  await step('Problems panel lists the diagnostics with their rule ids', async () => {
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').waitFor({ timeout: T });
    const want = ['boilerplate/duplicate-paragraph', 'date/month-abbrev', 'time/am-pm'];
    const text = await waitFor(`Problems panel with ${want.join(', ')}`, async () => {
      const t = norm(await problemsText());
      return want.every((w) => t.includes(w)) ? t : false;
    });
    log('Problems:', JSON.stringify(problemLines(text)));
    // the date sits after accented letters and an emoji: VS Code columns are UTF-16
    const d = where(draftText, 'February 4, 2019');
    const dateRow = problemLines(text).find((l) => l.includes('date/month-abbrev') && l.includes(`[Ln ${d.line},`));
    if (!dateRow) throw new Error(`no date/month-abbrev row on line ${d.line}`);
    if (!dateRow.includes(`[Ln ${d.line}, Col ${d.col}]`)) throw new Error(`date column: want Col ${d.col}, row: ${dateRow}`);
    if (!/copydesk/.test(text)) throw new Error('source "copydesk" missing');
    await page.screenshot({ path: path.join(out, 'problems.png') });
  });

  await step('hover on the date shows the diagnostic and the server hover', async () => {
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await goTo(where(draftText, 'February 4, 2019'));
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    // the diagnostic part shows first; the server's hover arrives a moment later
    const text = await waitFor('a hover with the rule id and the server text', async () => {
      const t = norm(await page.locator('.monaco-hover', { hasText: 'date/month-abbrev' }).first().innerText({ timeout: 1000 }));
      return t.includes('2019') ? t : false;
    });
    log('hover:', JSON.stringify(text.replace(/\s+/g, ' ').slice(0, 300)));
    await page.screenshot({ path: path.join(out, 'hover.png') });
    await page.keyboard.press('Escape');
  });

  await step('quick fix from the keyboard (Ctrl+.) changes the text and clears the diagnostic', async () => {
    const pos = where(draftText, 'February 4, 2019');
    await goTo(pos);
    await page.keyboard.press('Control+.');
    const rows = page.locator('.action-widget .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: T });
    const titles = (await rows.allInnerTexts()).map(norm);
    log('actions:', JSON.stringify(titles));
    const idx = titles.findIndex((t) => /Feb\./.test(t));
    if (idx < 0) throw new Error(`no "Feb." quick fix in ${JSON.stringify(titles)}`);
    // the list is keyboard-driven; move the focus to our action, then Enter
    for (let i = 0; i < titles.length + 2; i++) {
      const focused = norm(await page.locator('.action-widget .monaco-list-row.focused').first().innerText().catch(() => ''));
      if (/Feb\./.test(focused)) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await waitFor('"Feb. 4, 2019" in the editor', async () => norm(await editorText()).includes('Feb. 4, 2019'));
    await waitFor('date/month-abbrev gone from the Problems panel', async () =>
      !problemLines(await problemsText()).some((l) => l.includes('date/month-abbrev') && l.includes(`[Ln ${pos.line},`)));
    await page.screenshot({ path: path.join(out, 'quickfix.png') });
  });

  await step('"copydesk: Fix All in Document" applies the safe fixes', async () => {
    if (!norm(await problemsText()).includes('time/am-pm')) throw new Error('time/am-pm not listed before fix all');
    await runCommand('copydesk: Fix All in Document');
    await waitFor('"4:23 a.m." in the editor', async () => norm(await editorText()).includes('4:23 a.m.'));
    await waitFor('time/am-pm gone from the Problems panel', async () => !norm(await problemsText()).includes('time/am-pm'));
    await page.screenshot({ path: path.join(out, 'fixall.png') });
  });

  await step('changing copydesk.style to guardian changes the diagnostics live', async () => {
    const line = where(norm(await editorText()), 'Feb. 4, 2019').line;
    const dateOnLine = async () =>
      problemLines(await problemsText()).some((l) => /date\//.test(l) && l.includes(`[Ln ${line},`));
    if (await dateOnLine()) throw new Error('AP: unexpected date diagnostic on the fixed line');
    fs.writeFileSync(wsSettings, JSON.stringify({ 'copydesk.style': 'guardian' }, null, 2));
    await waitFor('a date/ diagnostic on "Feb. 4, 2019" under guardian style', dateOnLine);
    log('guardian:', JSON.stringify(problemLines(await problemsText())));
    await page.screenshot({ path: path.join(out, 'guardian.png') });
    fs.writeFileSync(wsSettings, JSON.stringify({ 'copydesk.style': 'ap' }, null, 2));
    await waitFor('the date diagnostic gone again under AP', async () => !(await dateOnLine()));
  });

  await step('copydesk.rules turns a rule off live', async () => {
    if (!norm(await problemsText()).includes('boilerplate/duplicate-paragraph')) throw new Error('duplicate not listed');
    fs.writeFileSync(wsSettings, JSON.stringify({ 'copydesk.rules': { 'boilerplate/duplicate-paragraph': 'off' } }, null, 2));
    await waitFor('duplicate-paragraph gone', async () => !norm(await problemsText()).includes('boilerplate/duplicate-paragraph'));
    fs.writeFileSync(wsSettings, '{}\n');
    await waitFor('duplicate-paragraph back', async () => norm(await problemsText()).includes('boilerplate/duplicate-paragraph'));
  });

  await step('"copydesk: Explain Rule Under Cursor" opens the rule documentation', async () => {
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    const dup = draftText.trimEnd().split('\n').length; // the repeated paragraph is the last line
    await goTo({ line: dup, col: 3 });
    await runCommand('copydesk: Explain Rule Under Cursor');
    await waitFor('a Markdown preview with the rule documentation', async () => {
      for (const f of page.frames()) {
        const t = await f.evaluate(() => document.body?.innerText ?? '').catch(() => '');
        if (t.includes('What it does') && t.includes('boilerplate/duplicate-paragraph')) return true;
      }
      return false;
    });
    await page.screenshot({ path: path.join(out, 'explain.png') });
  });

  if (fs.existsSync(example)) {
    await step('the example draft examples/story.md gets copydesk diagnostics too', async () => {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: T });
      await input.fill('examples/story.md');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'story.md' }).first().waitFor({ timeout: T });
      await page.keyboard.press('Enter');
      const rows = await waitFor('copydesk problems under story.md', async () => {
        const all = await page.evaluate(() => [...document.querySelectorAll('.markers-panel .monaco-list-row')]
          .map((r) => ({ level: r.getAttribute('aria-level'), text: r.innerText.replace(/\s+/g, ' ').trim() })));
        const i = all.findIndex((r) => r.level === '1' && r.text.startsWith('story.md'));
        if (i < 0) return false;
        const mine = [];
        for (const r of all.slice(i + 1)) { if (r.level === '1') break; if (/copydesk/.test(r.text)) mine.push(r.text); }
        return mine.length > 0 ? mine : false;
      });
      log(`story.md: ${rows.length} problems, e.g.`, JSON.stringify(rows.slice(0, 3)));
      await page.screenshot({ path: path.join(out, 'example.png') });
    });
  }

  await step('a [SOURCE] quick fix inserts a snippet whose placeholder is typed over', async () => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: T });
    await input.fill(CLAIMS);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: CLAIMS }).first().waitFor({ timeout: T });
    await page.keyboard.press('Enter');
    // the text of the claims editor alone (another group may be open beside it), with the
    // whitespace squeezed because the view wraps long lines
    const flat = async () => norm(await page.evaluate(() =>
      [...document.querySelectorAll('.editor-instance .monaco-editor')]
        .map((ed) => [...ed.querySelectorAll('.view-lines .view-line')]
          .map((l) => ({ top: parseFloat(l.style.top), text: l.textContent }))
          .sort((a, b) => a.top - b.top).map((l) => l.text).join('\n'))
        .find((t) => t.replace(/\s+/g, ' ').includes('Council signs off')) ?? '')).replace(/\s+/g, ' ');
    await waitFor('the claims draft in the editor', async () => (await flat()).includes('highest total in the region'));
    await waitFor('attribution/unattributed-claim in the Problems panel', async () =>
      norm(await problemsText()).includes('attribution/unattributed-claim'));
    // focus the claims editor (the rule preview of an earlier step may sit in another group)
    await page.locator('.editor-instance .monaco-editor .view-line', { hasText: 'highest total' }).first().click();
    await goTo(where(claimsText, 'highest total'));
    await page.keyboard.press('Control+.');
    const rows = page.locator('.action-widget .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: T });
    const titles = (await rows.allInnerTexts()).map(norm);
    log('actions:', JSON.stringify(titles));
    if (!titles.some((t) => /according to \[SOURCE\]/.test(t))) throw new Error(`no "according to" fix in ${JSON.stringify(titles)}`);
    for (let i = 0; i < titles.length + 2; i++) {
      const focused = norm(await page.locator('.action-widget .monaco-list-row.focused').first().innerText().catch(() => ''));
      if (/according to/.test(focused)) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    // the snippet is in, with its placeholder selected as a tab stop...
    await waitFor('", according to source" in the editor', async () =>
      (await flat()).includes('the region, according to source.'));
    await waitFor('the placeholder "source" selected (status bar "6 selected")', async () =>
      /\(6 selected\)/.test(await page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first().innerText()));
    await page.screenshot({ path: path.join(out, 'snippet.png') });
    // ...so typing replaces the placeholder
    await page.keyboard.type('the state auditor');
    await waitFor('the typed source in place of the placeholder', async () =>
      (await flat()).includes('highest total in the region, according to the state auditor.'));
    await page.keyboard.press('Escape'); // leave snippet mode
    const text = await flat();
    if (text.includes('[SOURCE]') || text.includes('according to source')) throw new Error(`placeholder left behind: ${text}`);
    await waitFor('unattributed-claim gone from the Problems panel', async () =>
      !norm(await problemsText()).includes('highest total in the region'));
    await page.screenshot({ path: path.join(out, 'snippet-typed.png') });
  });

  const readLogs = (re) => {
    const logs = path.join(userData, 'logs');
    return fs.readdirSync(logs, { recursive: true }).map(String).filter((f) => re.test(f))
      .map((f) => fs.readFileSync(path.join(logs, f), 'utf8')).join('\n');
  };
  const copydeskLog = () => readLogs(/copydesk\.log$/);
  const traceLog = () => readLogs(/copydesk LSP trace\.log$/);

  await step('"copydesk: Restart Server" starts a new server that publishes again', async () => {
    const starts = () => (copydeskLog().match(/starting .* server \(found via/g) ?? []).length;
    const before = starts();
    await runCommand('copydesk: Restart Server');
    await waitFor('a second "starting ... server" line in the copydesk output', async () => starts() > before);
    await waitFor('diagnostics back in the Problems panel', async () =>
      norm(await problemsText()).includes('boilerplate/duplicate-paragraph'));
  });

  await step('copydesk.trace.server = messages traces the LSP traffic in the copydesk output', async () => {
    await waitFor('LSP trace lines in the copydesk output', async () =>
      /Sending request 'initialize/.test(traceLog()) && /Received notification 'textDocument\/publishDiagnostics'/.test(traceLog()));
  });

  await step('the extension ran the server bundled in the .vsix', async () => {
    if (process.env.E2E_SERVER) { log('E2E_SERVER set: bundled lookup not exercised'); return; }
    const text = copydeskLog();
    if (!/found via bundled/.test(text)) throw new Error(`no "found via bundled" in the copydesk output: ${text.slice(0, 500)}`);
  });

  if (universalVsix) {
    await step('without any server: an error with a "How to install" button that opens the guide', async () => {
      await shutdown();
      const bareExt = path.join(tmp, 'extensions-universal');
      execFileSync(csBin, ['--user-data-dir', userData, '--extensions-dir', bareExt,
        '--install-extension', path.resolve(universalVsix)], { stdio: 'pipe', env, timeout: 120000 });
      const bare = { ...env, PATH: '/usr/bin:/bin' }; // node is in /usr/bin; no copydesk there
      delete bare.COPYDESK_SERVER_PATH;
      if (fs.existsSync('/usr/bin/copydesk') || fs.existsSync('/bin/copydesk')) throw new Error('copydesk in /usr/bin');
      await launch(bareExt, bare, 'code-server-no-server.log');
      const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: DRAFT }).first();
      await row.waitFor({ timeout: 90000 });
      await row.click();
      const toast = page.locator('.notification-toast', { hasText: 'copydesk language server was not found' }).first();
      await toast.waitFor({ state: 'visible', timeout: T });
      log('notification:', JSON.stringify(norm(await toast.innerText()).replace(/\s+/g, ' ').slice(0, 300)));
      await page.screenshot({ path: path.join(out, 'no-server.png') });
      await toast.locator('.monaco-button', { hasText: 'How to install' }).first().click();
      await waitFor('the extension README in a Markdown preview', async () => {
        for (const f of page.frames()) {
          const t = await f.evaluate(() => document.body?.innerText ?? '').catch(() => '');
          if (t.includes('Where the server comes from')) return true;
        }
        return false;
      });
      await page.screenshot({ path: path.join(out, 'how-to-install.png') });
    });
  }
} finally {
  await shutdown();
  const failed = results.filter((r) => !r.ok).length;
  if (failed) {
    try { fs.cpSync(path.join(userData, 'logs'), path.join(out, 'vscode-logs'), { recursive: true }); } catch {}
    console.log(`  # artifacts in ${out}`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`browser run took ${((Date.now() - t0) / 1000).toFixed(0)}s`);
  console.log(`e2e: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
