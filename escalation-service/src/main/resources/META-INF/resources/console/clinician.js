// Safeline clinician console: the live worklist and the supervisor summary. Plain JavaScript, no framework,
// no build step; console.js (shared) signs in and holds the token. Data goes on the page with textContent only.
// EventSource cannot send an Authorization header, so the stream is read with fetch and parsed here.
'use strict';

(function () {
  const { $, el, clear, problemText, headers } = window.Safeline;
  let streamAbort = null;
  let reconnectDelay = 1000;
  const records = new Map(); // escalation id -> record of the list endpoint
  const nodes = new Map();   // escalation id -> { li, key }
  const PRIORITY_RANK = { stat: 0, asap: 1, urgent: 2 };
  const OUTCOMES = ['sent-to-ed', 'advised-911', 'callback-completed', 'clear-for-booking'];

  // Signed in: connect the live worklist (a refreshed token keeps the open stream); signed out: forget it all.
  Safeline.init((signedIn) => {
    if (signedIn && streamAbort) { return; }
    if (streamAbort) { streamAbort.abort(); streamAbort = null; }
    records.clear();
    render();
    if (signedIn) {
      reconnectDelay = 1000;
      connect();
      loadSummary();
    } else {
      $('stream-state').textContent = 'Not connected.';
      clear($('summary'));
    }
  });

  // --- the live stream: text/event-stream parsed by hand
  async function connect() {
    const controller = new AbortController();
    streamAbort = controller;
    const state = $('stream-state');
    state.textContent = 'Connecting…';
    try {
      const response = await fetch('/api/v1/escalations/stream',
        { headers: headers({ Accept: 'text/event-stream' }), signal: controller.signal, cache: 'no-store' });
      if (!response.ok) {
        state.textContent = 'Live worklist refused. ' + await problemText(response);
        if (response.status === 401 || response.status === 403) { return; }
        throw new Error('HTTP ' + response.status);
      }
      state.textContent = 'Live.';
      reconnectDelay = 1000;
      // no replay: events before this point are not sent, so read the list now that the stream is open
      await loadList();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) { break; }
        buffer += value;
        let boundary;
        while ((boundary = buffer.search(/\r?\n\r?\n/)) >= 0) {
          const block = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary).replace(/^\r?\n\r?\n/, '');
          dispatch(block);
        }
      }
      throw new Error('stream ended');
    } catch (e) {
      if (controller.signal.aborted) { return; }
      state.textContent = 'Disconnected (' + e.message + '); reconnecting in ' + Math.round(reconnectDelay / 1000) + ' s…';
      setTimeout(() => { if (streamAbort === controller) { connect(); } }, reconnectDelay);
      reconnectDelay = Math.min(reconnectDelay * 2, 30000);
    }
  }

  // One event block: "event:" and "data:" lines; lines starting with ":" are comments (keep-alive).
  function dispatch(block) {
    let event = 'message';
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line === '' || line.startsWith(':')) { continue; }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) { value = value.slice(1); }
      if (field === 'event') { event = value; } else if (field === 'data') { data.push(value); }
    }
    if (data.length === 0) { return; }
    try {
      upsert(JSON.parse(data.join('\n')), event);
    } catch (e) { /* a malformed event is skipped; the list endpoint stays the source of truth */ }
  }

  function upsert(record, event) {
    if (!record || !record.id) { return; }
    if (record.status === 'resolved' || event === 'resolved') {
      records.delete(record.id);
    } else {
      records.set(record.id, record);
    }
    render();
  }

  async function loadList() {
    const response = await fetch('/api/v1/escalations?status=open&limit=100', { headers: headers() });
    if (!response.ok) {
      $('stream-state').textContent = 'Worklist could not be loaded. ' + await problemText(response);
      return;
    }
    for (const record of await response.json()) { records.set(record.id, record); }
    render();
  }

  // --- rendering: stat, asap, urgent, then the nearest acknowledgement deadline
  function compare(a, b) {
    const pa = PRIORITY_RANK[a.priority] ?? 9;
    const pb = PRIORITY_RANK[b.priority] ?? 9;
    if (pa !== pb) { return pa - pb; }
    return (Date.parse(a.ackDeadline) || Infinity) - (Date.parse(b.ackDeadline) || Infinity);
  }

  function render() {
    const list = $('worklist');
    const sorted = Array.from(records.values()).sort(compare);
    for (const [id, n] of nodes) {
      if (!records.has(id)) { n.li.remove(); nodes.delete(id); }
    }
    sorted.forEach((record, index) => {
      const key = JSON.stringify(record);
      let n = nodes.get(record.id);
      if (!n || n.key !== key) {
        const li = item(record);
        if (n) { n.li.replaceWith(li); }
        n = { li: li, key: key };
        nodes.set(record.id, n);
      }
      if (list.children[index] !== n.li) { list.insertBefore(n.li, list.children[index] || null); }
    });
    $('worklist-empty').hidden = sorted.length > 0 || !Safeline.token();
    tick();
  }

  function countdownText(deadline) {
    const ms = Date.parse(deadline) - Date.now();
    if (isNaN(ms)) { return ''; }
    const s = Math.abs(Math.round(ms / 1000));
    const text = Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
    return ms >= 0 ? text + ' left to acknowledge' : 'OVERDUE by ' + text;
  }

  function tick() {
    for (const span of document.querySelectorAll('.countdown[data-deadline]')) {
      span.textContent = countdownText(span.dataset.deadline);
      span.classList.toggle('overdue', Date.parse(span.dataset.deadline) < Date.now());
    }
  }
  setInterval(tick, 1000);

  function item(r) {
    const priority = PRIORITY_RANK[r.priority] !== undefined ? r.priority : 'other';
    const li = el('li', { class: 'item ' + priority, 'data-escalation-id': r.id });
    const head = el('header', null,
      el('span', { class: 'badge ' + priority }, r.priority || '?'),
      el('strong', null, (r.level || '') + ' · ' + r.status),
      el('span', null, 'tier ' + r.tier + (r.tierName ? ' (' + r.tierName + ')' : '')));
    if (r.status === 'triggered' && r.ackDeadline) {
      head.appendChild(el('span', { class: 'countdown', 'data-deadline': r.ackDeadline }, countdownText(r.ackDeadline)));
    }
    li.appendChild(head);
    if (r.fallback) { li.appendChild(el('p', { class: 'refused', role: 'alert' }, r.fallback)); }
    if (r.reason) { li.appendChild(el('p', null, el('strong', null, 'Reason: '), r.reason)); }
    if (r.redFlags && r.redFlags.length > 0) {
      const flags = el('ul', { class: 'flags' });
      for (const f of r.redFlags) {
        const entry = el('li', null, el('strong', null, f.title || f.id));
        if (f.evidence && f.evidence.length > 0) {
          entry.appendChild(el('span', { class: 'evidence' }, ' — ' + f.evidence.map((w) => '“' + w + '”').join(', ')));
        }
        flags.appendChild(entry);
      }
      li.appendChild(flags);
    }
    if (r.narrative) { li.appendChild(el('p', { class: 'words' }, r.narrative)); }
    const calls = r.calls && r.calls.length > 1 ? ' · ' + r.calls.length + ' calls' : '';
    li.appendChild(el('p', { class: 'muted' }, 'Escalation ' + r.id + ' · encounter ' + r.encounterId + calls));
    const status = el('p', { class: 'item-status', role: 'status' });
    if (r.status === 'triggered') {
      const ack = el('button', { type: 'button', class: 'ack' }, 'Acknowledge');
      ack.addEventListener('click', () => post(r.id, 'ack', null, ack, status));
      li.appendChild(ack);
    }
    li.appendChild(resolveForm(r, status));
    li.appendChild(status);
    return li;
  }

  function resolveForm(r, status) {
    const form = el('form', { class: 'resolve' });
    const outcomeId = 'outcome-' + r.id;
    const noteId = 'note-' + r.id;
    const hoursId = 'hours-' + r.id;
    const outcome = el('select', { id: outcomeId, class: 'outcome', required: 'required' }, el('option', { value: '' }, 'choose…'));
    for (const o of OUTCOMES) { outcome.appendChild(el('option', { value: o }, o)); }
    const note = el('input', { id: noteId, class: 'note', maxlength: '2000' });
    const hours = el('input', { id: hoursId, class: 'hours', type: 'number', min: '1', max: '720', step: '1', value: '24', disabled: 'disabled' });
    outcome.addEventListener('change', () => { hours.disabled = outcome.value !== 'clear-for-booking'; });
    const button = el('button', { type: 'submit', class: 'resolve' }, 'Resolve');
    form.append(el('label', { for: outcomeId }, 'Outcome'), outcome, el('label', { for: noteId }, 'Note'), note,
      el('label', { for: hoursId }, 'Booking window (hours)'), hours, button);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (!outcome.value) { status.textContent = 'Choose an outcome.'; outcome.focus(); return; }
      const body = { outcome: outcome.value, note: note.value.trim() || null };
      if (outcome.value === 'clear-for-booking') { body.bookingWindowHours = Number(hours.value); }
      post(r.id, 'resolve', body, button, status);
    });
    return form;
  }

  async function post(id, action, body, button, status) {
    button.disabled = true;
    status.className = 'item-status';
    status.textContent = action === 'ack' ? 'Acknowledging…' : 'Resolving…';
    try {
      const response = await fetch('/api/v1/escalations/' + encodeURIComponent(id) + '/' + action, {
        method: 'POST', headers: headers({ 'Content-Type': 'application/json' }),
        body: body ? JSON.stringify(body) : undefined,
      });
      if (!response.ok) {
        status.className = 'item-status refused';
        status.textContent = 'Refused. ' + await problemText(response);
        button.disabled = false;
        return;
      }
      upsert(await response.json(), action === 'resolve' ? 'resolved' : 'acknowledged');
    } catch (e) {
      status.className = 'item-status refused';
      status.textContent = 'escalation-service did not answer; try again.';
      button.disabled = false;
    }
  }

  // --- supervisor summary
  $('summary-refresh').addEventListener('click', loadSummary);

  async function loadSummary() {
    const target = $('summary');
    clear(target);
    if (!Safeline.token()) { target.textContent = 'Not signed in.'; return; }
    try {
      const response = await fetch('/api/v1/escalations/summary', { headers: headers() });
      if (!response.ok) { target.textContent = await problemText(response); return; }
      const s = await response.json();
      const minutes = (sec) => (sec === null || sec === undefined) ? '—' : (sec / 60).toFixed(1) + ' min';
      const byTier = Object.entries(s.openByTier || {}).map(([t, n]) => 'tier ' + t + ': ' + n).join(', ') || '—';
      const rows = [['Open now', String(s.open)], ['Open by tier', byTier], ['Created', String(s.created)],
        ['Breached a deadline', String(s.breached)], ['Breaches', String(s.breaches)],
        ['Acknowledged', String(s.acknowledged)], ['Mean time to acknowledge', minutes(s.mttaSeconds)],
        ['Resolved', String(s.resolved)], ['Mean time to resolve', minutes(s.mttrSeconds)]];
      const dl = el('dl');
      for (const [k, v] of rows) { dl.append(el('dt', null, k), el('dd', null, v)); }
      target.appendChild(dl);
    } catch (e) {
      target.textContent = 'escalation-service did not answer.';
    }
  }
}());
