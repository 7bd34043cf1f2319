'use strict';
// The page: talks to the app only through window.vibebells (preload.js).
// Text from the daemon or the user is always set as textContent, never as
// HTML.
(function () {
  const api = window.vibebells;
  const $ = (id) => document.getElementById(id);
  const LEVELS = ['experienced', 'intermediate', 'beginner'];
  let results = null;
  let chosen = null;

  function showError(e) {
    const el = $('error');
    el.textContent = e ? `${e.message}${e.code ? ` (${e.code})` : ''}` : '';
    el.hidden = !e;
  }

  // Runs one call of the API; its error, if any, is shown.
  async function call(promise) {
    showError(null);
    const r = await promise;
    if (!r.ok) {
      showError(r.error);
      return undefined;
    }
    return r.result;
  }

  function cell(tr, text, cls) {
    const td = document.createElement('td');
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }

  function addRinger(name = '', experience = 'intermediate') {
    const tr = document.createElement('tr');
    const nameTd = document.createElement('td');
    const input = document.createElement('input');
    input.type = 'text';
    input.className = 'ringer-name';
    input.placeholder = 'Name';
    input.maxLength = 100;
    input.value = name;
    nameTd.appendChild(input);
    const levelTd = document.createElement('td');
    const select = document.createElement('select');
    select.className = 'ringer-level';
    for (const l of LEVELS) {
      const o = document.createElement('option');
      o.value = l;
      o.textContent = l;
      select.appendChild(o);
    }
    select.value = experience;
    levelTd.appendChild(select);
    const delTd = document.createElement('td');
    const del = document.createElement('button');
    del.type = 'button';
    del.className = 'link';
    del.textContent = 'Remove';
    del.addEventListener('click', () => tr.remove());
    delTd.appendChild(del);
    tr.append(nameTd, levelTd, delTd);
    $('ringers').tBodies[0].appendChild(tr);
    return tr;
  }

  function ringers() {
    return [...$('ringers').tBodies[0].rows].map((tr) => ({
      name: tr.querySelector('.ringer-name').value.trim(),
      experience: tr.querySelector('.ringer-level').value,
    })).filter((p) => p.name);
  }

  function showArrangement(a) {
    chosen = a;
    $('chosen-title').textContent = `${a.strategy}: ${a.description}`;
    const body = $('assignments').tBodies[0];
    body.textContent = '';
    for (const p of a.players) {
      const tr = document.createElement('tr');
      cell(tr, p.name);
      cell(tr, p.left_hand.join(' '), 'bells');
      cell(tr, p.right_hand.join(' '), 'bells');
      cell(tr, String(p.swaps), 'num');
      body.appendChild(tr);
    }
    for (const tr of $('strategies').tBodies[0].rows) tr.classList.toggle('chosen', tr.dataset.strategy === a.strategy);
    $('saved').textContent = '';
  }

  function showResults(r) {
    results = r.arrangements;
    $('results-section').hidden = false;
    $('expansion').hidden = !r.expansion;
    $('expansion').textContent = r.expansion || '';
    const body = $('strategies').tBodies[0];
    body.textContent = '';
    results.forEach((a, i) => {
      const tr = document.createElement('tr');
      tr.dataset.strategy = a.strategy;
      cell(tr, a.strategy + (i === 0 ? '  ★ best' : ''), 'strategy');
      // Upstream's colours: 80 and up good, 60 and up fair, else poor.
      const grade = a.quality_score >= 80 ? 'good' : a.quality_score >= 60 ? 'fair' : 'poor';
      cell(tr, a.quality_score.toFixed(2), `num score ${grade}`);
      const b = a.breakdown || {};
      for (const k of ['playability', 'bell_fairness', 'fatigue_fairness']) {
        cell(tr, b[k] ? `${Number(b[k].earned).toFixed(1)} / ${b[k].max}` : '', 'num');
      }
      const td = document.createElement('td');
      const show = document.createElement('button');
      show.type = 'button';
      show.className = 'link';
      show.textContent = 'Show';
      show.addEventListener('click', () => showArrangement(a));
      td.appendChild(show);
      tr.appendChild(td);
      body.appendChild(tr);
    });
    showArrangement(results[0]);
  }

  $('open-song').addEventListener('click', async () => {
    const song = await call(api.openSong());
    if (!song) return;
    $('song').className = 'song';
    $('song').textContent = `${song.filename}: ${song.notes} notes, ${song.bells.length} bells ` +
      `(${song.bells[0]}–${song.bells[song.bells.length - 1]}), ${song.duration_s} s at ${song.tempo_bpm} bpm`;
    $('arrange').disabled = false;
    $('results-section').hidden = true;
  });

  $('add-ringer').addEventListener('click', () => addRinger().querySelector('input').focus());

  $('arrange').addEventListener('click', async () => {
    $('arrange').disabled = true;
    $('progress').textContent = 'Arranging…';
    try {
      const r = await call(api.arrange(ringers()));
      if (r) showResults(r);
    } finally {
      $('arrange').disabled = false;
      $('progress').textContent = '';
    }
  });

  $('save-csv').addEventListener('click', async () => {
    if (!chosen) return;
    const r = await call(api.saveCsv(chosen.strategy));
    if (r) $('saved').textContent = `Saved ${r.file} (${r.bytes} bytes)`;
  });

  if (api.onProgress) {
    api.onProgress((v) => {
      if (v.kind === 'report' && $('progress').textContent) {
        $('progress').textContent = `Arranging… ${v.message}${v.percentage !== undefined ? ` (${v.percentage}%)` : ''}`;
      }
    });
  }

  addRinger();
})();
