'use strict';
// The printable sheets of real corpus pieces (the fixtures in
// tests/data/sheets), read back with poppler's pdftotext: every ringer's
// name and bells on their own page, the cover's count of bells, the page
// count the layout rules give, the chart's systems covering the piece;
// the same request giving the same bytes; files only ever whole.
const test = require('node:test');
const assert = require('node:assert');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const TOP = path.resolve(__dirname, '..', '..');
const BIN = process.env.VIBEBELLSD || path.join(TOP, 'build', 'vibebellsd');
const CORPUS = path.join(TOP, 'tests', 'corpus');
const FIX = path.join(TOP, 'tests', 'data', 'sheets');
const SYSTEM_MS = 20000;  // a chart system on Letter and A4 (PROTOCOL.md)

const have = (cmd) => spawnSync(cmd, ['-v'], { encoding: 'utf8' }).error === undefined;
const sheets = spawnSync(BIN, ['call', 'export',
  '{"arrangement":{"A":{"bells":["C4"]}},"format":"pdf"}'], { encoding: 'utf8' }).status === 0;
const skip = !sheets ? 'this build has no sheets (no cairo)' :
  !have('pdftotext') ? 'pdftotext (poppler-utils) is not installed' : false;

function cli(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', timeout: 120000, maxBuffer: 1 << 30 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function pdfPages(file) {
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.strictEqual(r.status, 0, r.stderr);
  const pages = r.stdout.split('\f');
  if (pages[pages.length - 1].trim() === '') pages.pop();
  return pages;
}

function bellsOf(as) {
  return [...new Set([...(as.left_hand || []), ...(as.right_hand || []), ...(as.bells || [])])];
}

const PIECES = [
  ['hymn', 'upstream-o-for-a-thousand-tongues.mid', 'choir-8.json'],
  ['long', 'blupi-music004.mid', 'choir-8.json'],
  ['many ringers', 'musescore-fugue-1.mid', 'choir-24.json'],
];

for (const [label, song, players] of PIECES) {
  test(`sheets of the ${label} (${song}): pages, names, bells, count`, { skip }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-sheets-'));
    const pdf = path.join(dir, 'sheets.pdf');
    const r = cli(['arrange', path.join(CORPUS, song), '--players', path.join(FIX, players),
      '--json', '--pdf', pdf]);
    assert.strictEqual(r.code, 0, r.err);
    const best = JSON.parse(r.out).best_arrangement;
    const ringers = Object.keys(best.assignments);
    const given = JSON.parse(fs.readFileSync(path.join(FIX, players), 'utf8')).map((p) => p.name);
    const pages = pdfPages(pdf);

    // Cover: the title, the count of distinct bells, who has no bells.
    const distinct = new Set(ringers.flatMap((n) => bellsOf(best.assignments[n])));
    assert.match(pages[0], new RegExp(`Handbells used: ${distinct.size}\\b`));
    assert.match(pages[0], new RegExp(song.replace(/\.mid$/, '').replace(/[-.]/g, '.')));
    for (const n of given.filter((g) => !ringers.includes(g))) assert.ok(pages[0].includes(n), `unused ${n} on the cover`);

    // One page per ringer, in the arrangement's order (none of these
    // pieces has more changes for one ringer than a page holds).
    ringers.forEach((name, i) => {
      const page = pages[1 + i];
      assert.ok(page.includes(`Ringer ${i + 1} of ${ringers.length}`), `page ${i + 2} is ringer ${i + 1}`);
      assert.ok(page.includes(name), `${name} on page ${i + 2}`);
      for (const b of bellsOf(best.assignments[name])) {
        assert.match(page, new RegExp(`(^|\\s)${b.replace('#', '\\#')}(\\s|$)`, 'm'), `${name}'s ${b} on page ${i + 2}`);
      }
    });

    // Then the chart, in the song's measures (the CLI passes the
    // score): every measure's number on a bar line, cue times as
    // "m. 12 b. 3" on the ringer pages.
    const chart = pages.slice(1 + ringers.length);
    assert.ok(chart.length >= 1);
    for (const p of chart) assert.ok(p.includes('Ringing chart'));
    assert.strictEqual(pages.length, 1 + ringers.length + chart.length);
    const meas = JSON.parse(cli(['call', 'upload', JSON.stringify({ path: path.join(CORPUS, song),
      include_choir: true })]).out).measures;
    const numbers = new Set(chart.join('\n').match(/(?<![\w.#:])\d+(?![\w.#:])/g));
    for (let k = meas.first; k < meas.first + meas.count; k++) assert.ok(numbers.has(String(k)), `measure ${k} on the chart`);
    assert.ok(chart[chart.length - 1].includes('end'));
    const cues = pages.slice(1, 1 + ringers.length).join('\n');
    if (/Put down/.test(cues)) assert.match(cues, /m\. \d+ b\. \d/);
    // A4 lays out the same pages for these pieces, on the other paper.
    const a4 = path.join(dir, 'a4.pdf');
    assert.strictEqual(cli(['arrange', path.join(CORPUS, song), '--players', path.join(FIX, players),
      '--pdf', a4, '--page', 'a4']).code, 0);
    const info = spawnSync('pdfinfo', [a4], { encoding: 'utf8' }).stdout;
    assert.match(info, /Page size:\s+595\.27\d* x 841\.8\d* pts \(A4\)/);
    fs.rmSync(dir, { recursive: true });
  });
}

test('the cover counts handchimes apart from handbells', { skip }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-sheets-'));
  const pdf = path.join(dir, 'sheets.pdf');
  const r = cli(['arrange', path.join(CORPUS, 'upstream-o-for-a-thousand-tongues.mid'),
    '--players', path.join(FIX, 'choir-8.json'), '--bell-set', path.join(FIX, 'bell-set-chimes.json'),
    '--octave-shift', '0', '--out-of-range', 'chime', '--json', '--pdf', pdf]);
  assert.strictEqual(r.code, 0, r.err);
  const result = JSON.parse(r.out);
  const best = result.best_arrangement;
  const distinct = new Set(Object.values(best.assignments).flatMap(bellsOf));
  const chimes = new Set(result.choir.chimed.map((c) => c.to).filter((b) => distinct.has(b)));
  assert.ok(chimes.size > 0, 'the fixture rings some notes on handchimes');
  const cover = pdfPages(pdf)[0];
  assert.match(cover, new RegExp(`Handbells used: ${distinct.size - chimes.size} · Handchimes: ${chimes.size}\\b`));
  fs.rmSync(dir, { recursive: true });
});

test('the same request gives the same bytes (pdf, svg, png)', { skip }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-sheets-'));
  const args = (n) => ['arrange', path.join(CORPUS, 'upstream-o-for-a-thousand-tongues.mid'),
    '--players', path.join(FIX, 'choir-8.json'), '--pdf', path.join(dir, `${n}.pdf`),
    '--svg', path.join(dir, `${n}.svg`), '--png', path.join(dir, `${n}.png`), '--dpi', '50'];
  assert.strictEqual(cli(args('a')).code, 0);
  assert.strictEqual(cli(args('b')).code, 0);
  const files = fs.readdirSync(dir).filter((f) => f.startsWith('a'));
  const pages = pdfPages(path.join(dir, 'a.pdf')).length;
  assert.strictEqual(files.length, 1 + 2 * pages, files.join(' '));  // pdf + a file a page for svg and png
  for (const f of files) {
    assert.ok(fs.readFileSync(path.join(dir, f)).equals(fs.readFileSync(path.join(dir, 'b' + f.slice(1)))), f);
  }
  fs.rmSync(dir, { recursive: true });
});

test('refusals write nothing, and leave no temporary file', { skip }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-sheets-'));
  const arrangement = { Ann: { bells: ['C4'], left_hand: ['C4'], right_hand: [] } };
  const bad = [
    [{ format: 'svg', page_number: 7 }, 'ERR_INVALID_PARAMS', 'page_number'],
    [{ format: 'pdf', document: 'chart' }, 'ERR_INVALID_ARRANGEMENT', 'arrangement.simulation'],
    [{ format: 'png', dpi: 5 }, 'ERR_INVALID_PARAMS', 'dpi'],
    [{ format: 'pdf', page: 'A4' }, 'ERR_INVALID_PARAMS', 'page'],
  ];
  for (const [p, code, field] of bad) {
    const r = cli(['call', 'export', JSON.stringify({ arrangement, path: path.join(dir, 'out'), ...p })]);
    assert.strictEqual(r.code, 1);
    assert.ok(r.err.includes(code), r.err);
    assert.deepStrictEqual(fs.readdirSync(dir), [], `${field}: nothing written`);
  }
  // An existing file is kept whole when the export is refused.
  fs.writeFileSync(path.join(dir, 'old.pdf'), 'old\n');
  const r = cli(['call', 'export', JSON.stringify({ arrangement, format: 'pdf', path: path.join(dir, 'old.pdf') })]);
  assert.ok(r.err.includes('ERR_FILE_EXISTS'));
  assert.deepStrictEqual(fs.readdirSync(dir), ['old.pdf']);
  assert.strictEqual(fs.readFileSync(path.join(dir, 'old.pdf'), 'utf8'), 'old\n');
  fs.rmSync(dir, { recursive: true });
});

// The daemon without the song (no score_id): the chart in seconds, 20 s a
// system, a ruler labelled every 5 s; cue times as minutes:seconds.
function rpc(requests) {
  const input = requests.map((r, i) => JSON.stringify({ jsonrpc: '2.0', id: i + 1, ...r })).join('\n') + '\n';
  const r = spawnSync(BIN, ['--log-level', 'quiet'], { input, encoding: 'utf8', timeout: 60000, maxBuffer: 1 << 28 });
  return r.stdout.trim().split('\n').map((l) => JSON.parse(l)).slice(1);
}

test('without the song the chart counts seconds: 20 s a system', { skip }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-sheets-'));
  const song = path.join(CORPUS, 'upstream-o-for-a-thousand-tongues.mid');
  const players = JSON.parse(fs.readFileSync(path.join(FIX, 'choir-8.json'), 'utf8'));
  const [ar] = rpc([{ method: 'arrange', params: { path: song, players } }]);
  const best = ar.result.best_arrangement;
  const pdf = path.join(dir, 's.pdf');
  const [ex] = rpc([{ method: 'export', params: { arrangement: best, players, format: 'pdf', path: pdf } }]);
  assert.ok(ex.result, JSON.stringify(ex));
  const pages = pdfPages(pdf);
  const chart = pages.filter((p) => p.includes('Ringing chart'));
  const labels = chart.join('\n').match(/\b\d+:\d\d\b/g) || [];
  const systems = Math.ceil(best.simulation.duration_ms / SYSTEM_MS);
  assert.strictEqual(labels.length, systems * 5, 'five ruler labels per system');
  const last = systems * SYSTEM_MS / 1000;
  assert.ok(labels.includes(`${Math.floor(last / 60)}:${String(last % 60).padStart(2, '0')}`));
  assert.match(pages.slice(1, 9).join('\n'), /\b\d:\d\d\.\d\b/);
  fs.rmSync(dir, { recursive: true });
});

// Choir mode: the CLI passes arrange's choir block to export, and the
// cover's bells-used chart marks what it says. The hymn on a set C4-C7
// without E4, with two D5s and handchimes C3-B3: the notes below the set
// go to chimes, E4's are moved up to E5.
test('choir mode: chimes, moved notes and the set\'s copies marked, with a key', { skip }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vb-sheets-'));
  const pdf = path.join(dir, 'choir.pdf');
  const svg = path.join(dir, 'bells.svg');
  const set = '{"lowest":"C4","highest":"C7","missing":["E4"],"duplicates":["D5"],' +
    '"chimes":{"lowest":"C3","highest":"B3"}}';
  const args = [path.join(CORPUS, 'upstream-o-for-a-thousand-tongues.mid'), '--players',
    path.join(FIX, 'choir-8.json'), '--bell-set', set, '--octave-shift', '0', '--out-of-range', 'chime'];
  let r = cli(['arrange', ...args, '--json', '--pdf', pdf]);
  assert.strictEqual(r.code, 0, r.err);
  const { choir } = JSON.parse(r.out);
  const chimed = choir.chimed.map((c) => c.to);
  assert.ok(chimed.length >= 2, 'the piece has chimed notes');
  const moved = choir.moved.find((c) => c.to === 'E5');
  assert.ok(moved, 'E4 moved to E5');

  const cover = pdfPages(pdf)[0];
  // Under each chimed bell "handchime", under E5 "↑ from E4", under D5
  // "2 in set"; the key says what each mark means; the report is listed.
  assert.strictEqual((cover.match(/\bhandchime\b(?!:)/g) || []).length, chimed.length, cover);
  assert.match(cover, /↑ from E4/);
  assert.match(cover, /2 in set/);
  assert.match(cover, /handchime: the set has no bell there/);
  assert.match(cover, /notes moved up \(↑\) or down \(↓\)/);
  assert.match(cover, /your set has two \(or more\) of this bell/);
  assert.match(cover, /not in your set/);
  assert.match(cover, /For your bell set \(C4 to C7\)/);
  assert.match(cover, /rung on handchimes, first in measure/);

  // The SVG holds the marks: the marks' own ink (PROTOCOL.md), one
  // stroke per chime outline, the D5's second copy and each place the
  // set lacks (E4, and D3 of the chimes' octave), and one for three of
  // the key's samples; one filled tag for the moved bell and the key's.
  r = cli(['arrange', ...args, '--svg', svg, '--document', 'bells_used']);
  assert.strictEqual(r.code, 0, r.err);
  const text = fs.readFileSync(svg, 'utf8');
  const strokes = (text.match(/stroke:rgb\(16%,12%,20%\)/g) || []).length;
  const fills = (text.match(/fill:rgb\(16%,12%,20%\)/g) || []).length;
  assert.strictEqual(strokes, chimed.length + 1 + 2 + 3);
  assert.strictEqual(fills, 1 + 1);

  // Without choir mode the chart has none of it.
  r = cli(['arrange', ...args.slice(0, 3), '--pdf', pdf, '--overwrite']);
  assert.strictEqual(r.code, 0, r.err);
  assert.doesNotMatch(pdfPages(pdf)[0], /handchime|in your set/);
  fs.rmSync(dir, { recursive: true });
});
