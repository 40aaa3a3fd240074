// Safeline agent console. Plain JavaScript, no framework, no build step; console.js (shared) signs in and holds
// the token. Every piece of data is put on the page with textContent (never as HTML): a narrative containing
// "<script>" shows as text.
'use strict';

(function () {
  const { $, el, clear, problemText, headers } = window.Safeline;
  let schedulingUrl = null; // scheduling-service as the browser reaches it (intake's console settings)

  Safeline.init().then((settings) => { schedulingUrl = settings && settings.schedulingUrl; });

  function when(iso) {
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toLocaleString(undefined,
      { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  }

  // --- the call
  function text(id) {
    const v = $(id).value.trim();
    return v === '' ? undefined : v;
  }

  function number(id) {
    const v = $(id).value.trim();
    return v === '' ? undefined : Number(v);
  }

  function buildCall() {
    const patient = {
      identifier: text('identifier'), name: text('name'), birthDate: text('birthDate'),
      sex: text('sex'), phone: text('phone'),
    };
    const vitals = {};
    for (const k of ['systolic', 'diastolic', 'heartRate', 'respiratoryRate', 'temperatureC', 'spo2', 'glucose']) {
      const v = number(k);
      if (v !== undefined) { vitals[k] = v; }
    }
    const call = { patient: patient, reason: text('reason'), narrative: text('narrative') };
    if (Object.keys(vitals).length > 0) { call.vitals = vitals; }
    return JSON.parse(JSON.stringify(call)); // drops undefined fields
  }

  $('call').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const result = $('result');
    const form = $('call');
    if (!form.checkValidity()) {
      form.reportValidity();
      return;
    }
    if (!Safeline.token()) {
      showError('Not signed in: sign in first (top right).');
      return;
    }
    $('submit').disabled = true;
    try {
      const response = await fetch('/api/v1/intakes', {
        method: 'POST', headers: headers({ 'Content-Type': 'application/json' }), body: JSON.stringify(buildCall()),
      });
      if (!response.ok) {
        showError('The call was not recorded. ' + await problemText(response));
        return;
      }
      render(await response.json());
    } catch (e) {
      showError('The call was not recorded: intake-service did not answer (' + e.message + '). Transfer the caller to the nurse line.');
    } finally {
      $('submit').disabled = false;
      result.focus();
    }
  });

  function showError(message) {
    const result = $('result');
    clear(result);
    result.appendChild(el('h2', null, 'Result'));
    result.appendChild(el('div', { class: 'alert error', role: 'alert' }, el('p', null, message)));
    result.focus();
  }

  function redFlags(flags) {
    if (!flags || flags.length === 0) { return null; }
    const list = el('ul', { class: 'flags' });
    for (const f of flags) {
      const item = el('li', null, el('strong', null, f.title || f.id || 'red flag'));
      if (f.evidence && f.evidence.length > 0) {
        item.appendChild(document.createTextNode(' — caller said: '));
        item.appendChild(el('span', { class: 'evidence' }, f.evidence.map((w) => '“' + w + '”').join(', ')));
      }
      list.appendChild(item);
    }
    return el('div', null, el('h3', null, 'Red flags'), list);
  }

  function render(answer) {
    const result = $('result');
    clear(result);
    result.appendChild(el('h2', null, 'Result'));
    const triage = answer.triage || {};
    const level = triage.level;
    const instructions = triage.agentInstructions || '';
    const clearance = triage.clearance;
    let alert;
    if (answer.status !== 'triaged' || !level) {
      alert = el('div', { class: 'alert untriaged', role: 'alert' },
        el('h3', null, 'Do not book.'),
        el('p', null, instructions || 'Triage unavailable: do not book, transfer the caller to the nurse line.'));
    } else if (level === 'emergency') {
      alert = el('div', { class: 'alert emergency', role: 'alert' },
        el('h3', null, 'Tell the caller to hang up and dial 911 now.'),
        el('p', null, instructions),
        el('p', null, 'If the caller cannot dial 911 (alone, confused, cannot speak): keep them on the line, confirm their address and call-back number, and call 911 for them. Do not book.'));
    } else if (level === 'urgent') {
      alert = el('div', { class: 'alert urgent', role: 'alert' },
        el('h3', null, 'Do not book.'),
        el('p', null, instructions || 'A clinician will call the patient back.'),
        el('p', null, 'Warm-transfer the caller to the clinician line if one is free; otherwise confirm the call-back number. If symptoms get worse before the call-back: hang up and dial 911.'));
    } else if (clearance && clearance.status === 'active') {
      alert = el('div', { class: 'alert cleared', role: 'status' },
        el('h3', null, level === 'same-day' ? 'Book today (same-day).' : 'Book normally (routine).'),
        el('p', null, instructions),
        el('p', null, 'Booking window: ' + when(clearance.windowStart) + ' to ' + when(clearance.windowEnd) + '.'));
    } else {
      alert = el('div', { class: 'alert untriaged', role: 'alert' },
        el('h3', null, 'Do not book.'),
        el('p', null, instructions || 'No clearance for this call: transfer the caller to the nurse line.'));
    }
    result.appendChild(alert);
    const differ = answer.patientDetailsDiffer || [];
    if (differ.length > 0) {
      const names = { name: 'name', birthDate: 'birth date', sex: 'sex', phone: 'phone' };
      result.appendChild(el('p', { class: 'alert untriaged', role: 'status' },
        'Check the patient: the ' + differ.map((d) => names[d] || d).join(', ')
        + ' you entered differ from the patient record for this identifier. The record was not changed.'));
    }
    const flags = redFlags(triage.redFlags);
    if (flags) { result.appendChild(flags); }
    const facts = el('p', { class: 'muted' }, 'Encounter ' + answer.encounterId);
    if (triage.escalationId) { facts.appendChild(document.createTextNode(' · escalation ' + triage.escalationId)); }
    if (triage.protocolVersion) { facts.appendChild(document.createTextNode(' · protocol ' + triage.protocolVersion)); }
    result.appendChild(facts);
    // A booking button exists only for a triaged call with an active clearance, and never for emergency/urgent.
    if (answer.status === 'triaged' && clearance && clearance.status === 'active'
        && level !== 'emergency' && level !== 'urgent') {
      const slots = el('section', null, el('h3', null, 'Free slots in the window'));
      result.appendChild(slots);
      loadSlots(answer.encounterId, clearance, slots);
    }
  }

  async function loadSlots(encounterId, clearance, section) {
    const now = new Date();
    const start = new Date(clearance.windowStart);
    const from = (isNaN(start) || start < now) ? now : start;
    const params = new URLSearchParams({ from: from.toISOString(), to: clearance.windowEnd, limit: '20' });
    const status = el('p', { class: 'muted', role: 'status' }, 'Loading slots…');
    section.appendChild(status);
    try {
      const response = await fetch(schedulingUrl + '/api/v1/slots?' + params, { headers: headers() });
      if (!response.ok) {
        status.textContent = 'Slots could not be loaded. ' + await problemText(response);
        return;
      }
      const slots = await response.json();
      if (slots.length === 0) {
        status.textContent = 'No free slot inside the window: transfer the caller to the nurse line.';
        return;
      }
      status.textContent = slots.length + ' free slot(s).';
      const list = el('ul', { class: 'slots' });
      for (const slot of slots) {
        const outcome = el('span', { class: 'booking-outcome', role: 'status' });
        const button = el('button', { type: 'button', class: 'book' }, 'Book');
        button.setAttribute('aria-label', 'Book ' + when(slot.start) + (slot.practitioner ? ' with ' + slot.practitioner : ''));
        button.addEventListener('click', () => book(encounterId, slot, button, outcome, list));
        list.appendChild(el('li', null,
          el('span', null, when(slot.start) + (slot.practitioner ? ' — ' + slot.practitioner : '')), outcome, button));
      }
      section.appendChild(list);
    } catch (e) {
      status.textContent = 'Slots could not be loaded: scheduling-service at ' + schedulingUrl + ' did not answer.';
    }
  }

  async function book(encounterId, slot, button, outcome, list) {
    button.disabled = true;
    outcome.className = 'booking-outcome';
    outcome.textContent = 'Booking…';
    try {
      const request = { encounterId: encounterId, start: slot.start };
      if (slot.practitioner) { request.practitioner = slot.practitioner; }
      const response = await fetch(schedulingUrl + '/api/v1/appointments', {
        method: 'POST', headers: headers({ 'Content-Type': 'application/json' }), body: JSON.stringify(request),
      });
      if (response.status === 201) {
        const appointment = await response.json();
        outcome.className = 'booking-outcome ok';
        outcome.textContent = 'Booked (appointment ' + appointment.appointmentId + ')';
        for (const b of list.querySelectorAll('button')) { b.disabled = true; }
        return;
      }
      outcome.className = 'booking-outcome refused';
      outcome.textContent = 'Refused. ' + await problemText(response);
      button.disabled = false;
    } catch (e) {
      outcome.className = 'booking-outcome refused';
      outcome.textContent = 'Not booked: scheduling-service did not answer.';
      button.disabled = false;
    }
  }

  // Agents type fast: Ctrl+Enter (Cmd+Enter) submits from any field, the narrative included.
  $('call').addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
      ev.preventDefault();
      $('call').requestSubmit();
    }
  });

  $('call').addEventListener('reset', () => {
    const result = $('result');
    clear(result);
    result.appendChild(el('h2', null, 'Result'));
    result.appendChild(el('p', { class: 'muted' }, 'Submit the call to see what to tell the caller.'));
  });
}());
