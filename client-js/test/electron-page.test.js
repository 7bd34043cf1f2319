'use strict';
// The example app's page (examples/electron/index.html) in a real browser:
// headless Chromium loads it from a local server, with window.vibebells
// provided by a small shim that forwards each call to the main-process
// handlers (examples/electron/backend.js via main.js, stub `electron`) and
// the real daemon.  A script opens the bundled hymn, enters four ringers,
// arranges, and checks what the page shows; the screenshot is kept in
// build/test-artifacts/electron-page.png.
//
// Chromium is a test dependency (tests/deps.sh installs Debian's
// `chromium`); where it is missing the test is skipped, saying so.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { startApp, example, top } = require('./fixtures/electron-app.js');
const { Browser, findChromium } = require('./fixtures/cdp.js');

const HYMN = path.join(top, 'tests', 'corpus', 'upstream-o-for-a-thousand-tongues.mid');
const ARTIFACT = path.join(top, 'build', 'test-artifacts', 'electron-page.png');
const LOG = path.join(top, 'build', 'test-artifacts', 'electron-page.log');
const chromium = findChromium();

// What preload.js exposes, over HTTP to this test's server.
const SHIM = `
(function () {
  const call = async (channel, params) => {
    const r = await fetch('/__ipc/' + channel, { method: 'POST', body: JSON.stringify(params === undefined ? null : params) });
    const { answer, progress } = await r.json();
    for (const v of progress) listeners.forEach((fn) => fn(v));
    return answer;
  };
  const listeners = [];
  window.vibebells = {
    openSong: () => call('vibebells:open-song'),
    arrange: (players) => call('vibebells:arrange', { players }),
    saveCsv: (strategy) => call('vibebells:save-csv', { strategy }),
    onProgress: (fn) => listeners.push(fn),
  };
})();
`;

function serve(ipcMain) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = http.createServer(async (req, res) => {
    if (req.method === 'POST' && req.url.startsWith('/__ipc/')) {
      let body = '';
      for await (const c of req) body += c;
      const params = JSON.parse(body);
      const from = ipcMain.sent.length;
      const answer = await ipcMain.invoke(req.url.slice(7), ...(params === null ? [] : [params]));
      const progress = ipcMain.sent.slice(from).filter(([ch]) => ch === 'vibebells:progress').map(([, v]) => v);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ answer, progress }));
      return;
    }
    if (req.url === '/__shim.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(SHIM);
      return;
    }
    const name = req.url === '/' ? 'index.html' : path.basename(req.url);
    const file = path.join(example, name);
    if (!fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
    let text = fs.readFileSync(file, 'utf8');
    // The shim takes the preload's place, before the page's script.
    if (name === 'index.html') text = text.replace('<script src="renderer.js">', '<script src="/__shim.js"></script>\n  <script src="renderer.js">');
    res.writeHead(200, { 'content-type': types[path.extname(name)] || 'application/octet-stream' });
    res.end(text);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test('the page in Chromium: open the hymn, four ringers, the arrangements and each ringer\'s bells',
  { skip: !chromium && 'chromium is not installed (apt-get install chromium; tests/deps.sh does)', timeout: 240000 }, async () => {
  const log = [];
  const note = (what) => { log.push(`${new Date().toISOString()} ${what}`); fs.mkdirSync(path.dirname(LOG), { recursive: true }); fs.writeFileSync(LOG, log.join('\n') + '\n'); };
  // Whatever happens, the test ends (a hang here once held a whole run).
  const bounded = (p, ms, what) => {
    let timer;
    const limit = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no end in ${ms} ms`)), ms); });
    return Promise.race([p, limit]).finally(() => clearTimeout(timer));
  };
  note('start the app');
  const { electron, quit } = await startApp();
  electron.dialog.openAnswer = { canceled: false, filePaths: [HYMN] };
  const server = await serve(electron.ipcMain);
  try {
    // A browser killed from outside (another run's cleanup, the OOM
    // killer) gets one more try; anything else fails at once.
    for (let attempt = 1; ; attempt++) {
      const browser = new Browser(chromium);
      note(`chromium ${browser.child.pid}, attempt ${attempt}`);
      try {
        await bounded(session(browser, server, note), 90000, 'the page session');
        break;
      } catch (e) {
        note(`failed: ${e.message}`);
        if (!(browser.dead && browser.child.signalCode && attempt === 1)) throw e;
      } finally {
        await bounded(browser.close(), 10000, 'closing chromium').catch((e) => note(e.message));
      }
    }
  } finally {
    server.closeAllConnections();
    server.close();
    await bounded(quit(), 15000, 'closing the app').catch((e) => note(e.message));
    note('done');
  }
});

async function session(browser, server, note) {
  const page = await browser.page(1100, 1200);
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const until = (cond, what) => page.eval(`new Promise((resolve, reject) => {
    const t0 = Date.now();
    (function poll() {
      if (${cond}) return resolve(true);
      if (Date.now() - t0 > 20000) return reject(new Error('waited for ${what}'));
      setTimeout(poll, 50);
    })();
  })`);
  assert.strictEqual(await page.eval('document.title'), 'Vibebells');
  assert.strictEqual(await page.eval('document.getElementById("arrange").disabled'), true);

  note('page loaded');
  await page.eval('document.getElementById("open-song").click()');
  await until('document.getElementById("song").textContent.includes(".mid")', 'the song');
  const song = await page.eval('document.getElementById("song").textContent');
  assert.match(song, /^upstream-o-for-a-thousand-tongues\.mid: 402 notes, 18 bells \(C3–G5\)/);

  // Four ringers, as a person would type them.
  await page.eval(`(() => {
    const people = [['Alice', 'experienced'], ['Bob', 'intermediate'], ['Cara', 'intermediate'], ['Dan', 'beginner']];
    for (let i = 1; i < people.length; i++) document.getElementById('add-ringer').click();
    const rows = document.querySelectorAll('#ringers tbody tr');
    people.forEach(([name, level], i) => {
      const input = rows[i].querySelector('input');
      input.value = name;
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const select = rows[i].querySelector('select');
      select.value = level;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
  })()`);
  note('song opened, ringers entered');
  await page.eval('document.getElementById("arrange").click()');
  await until('!document.getElementById("results-section").hidden', 'the arrangements');

  const shown = await page.eval(`({
    strategies: [...document.querySelectorAll('#strategies tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent)),
    assignments: [...document.querySelectorAll('#assignments tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent)),
    title: document.getElementById('chosen-title').textContent,
    error: document.getElementById('error').hidden ? null : document.getElementById('error').textContent,
  })`);
  assert.strictEqual(shown.error, null);
  // Every strategy with its score, best first.
  const names = shown.strategies.map((r) => r[0].replace(/\s+★ best$/, ''));
  for (const s of ['optimized', 'experienced_first', 'balanced', 'min_transitions', 'fatigue_snake', 'activity_snake']) {
    assert.ok(names.includes(s), `${s} is shown: ${names}`);
  }
  assert.match(shown.strategies[0][0], /★ best$/);
  const scores = shown.strategies.map((r) => Number(r[1]));
  assert.ok(scores.every((x, i) => x >= 0 && x <= 100 && (i === 0 || x <= scores[i - 1])), `scores ${scores}`);
  // Each ringer's bells, in both hands, and between them every bell of the hymn.
  const people = shown.assignments.slice(0, 4).map((r) => r[0]);
  assert.deepStrictEqual(people, ['Alice', 'Bob', 'Cara', 'Dan']);
  const bells = shown.assignments.flatMap((r) => `${r[1]} ${r[2]}`.split(' ').filter(Boolean));
  assert.strictEqual(new Set(bells).size, 18);
  for (const r of shown.assignments) assert.match(`${r[1]} ${r[2]}`, /[A-G]#?\d/, `${r[0]} holds bells`);
  assert.match(shown.title, new RegExp(`^${names[0]}: `));

  await page.screenshot(ARTIFACT);
  assert.ok(fs.statSync(ARTIFACT).size > 10000);
  note('checked, screenshot taken');
}
