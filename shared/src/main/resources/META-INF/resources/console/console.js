// Shared by the Safeline consoles: DOM helpers that never turn data into markup, the server's error text, and
// sign-in. Sign-in is OpenID Connect (authorization code with PKCE, in a sign-in window) or, in dev, a dev token
// for a chosen role. Tokens live in this closure only: never in storage or cookies, gone on reload.
'use strict';

window.Safeline = (function () {
  const $ = (id) => document.getElementById(id);
  let settings = null;
  let session = null; // { accessToken, refreshToken, idToken, subject }
  let pending = null;  // the sign-in window's { state, verifier, redirectUri }
  let refreshTimer = null;
  const listeners = [];

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (k === 'class') { node.className = v; } else { node.setAttribute(k, v); }
      }
    }
    for (const c of children) {
      if (c === null || c === undefined) { continue; }
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  // The server's words from an OperationOutcome (or the status alone when the body is something else).
  async function problemText(response) {
    let text = '';
    try {
      const body = await response.json();
      const issue = body && Array.isArray(body.issue) ? body.issue[0] : null;
      if (issue) {
        text = (issue.details && issue.details.text) || issue.diagnostics || '';
        const code = issue.details && issue.details.coding && issue.details.coding[0] && issue.details.coding[0].code;
        if (code) { text = text ? text + ' (' + code + ')' : code; }
      }
    } catch (e) { /* not JSON */ }
    if (response.status === 401) { text = text || 'Not signed in, or the sign-in has expired: sign in again.'; }
    if (response.status === 403) { text = text || 'Your role does not allow this.'; }
    return 'HTTP ' + response.status + (text ? ': ' + text : '');
  }

  function token() { return session ? session.accessToken : null; }

  // The signed-in person's roles, to show only what they may use (the services decide what they may do).
  function roles() {
    if (!session) { return []; }
    const c = claims(session.accessToken);
    return [].concat(c.groups || [], (c.realm_access && c.realm_access.roles) || []);
  }

  function headers(extra) {
    const h = Object.assign({ Accept: 'application/json' }, extra || {});
    if (session) { h.Authorization = 'Bearer ' + session.accessToken; }
    return h;
  }

  // --- sign-in state shown in the bar
  function show(message) {
    $('signin-state').textContent = message;
    $('signin-button').hidden = session !== null;
    $('signout-button').hidden = session === null;
    const chooseRole = settings && settings.signIn === 'dev' && session === null;
    $('signin-role').hidden = !chooseRole;
    $('signin-role-label').hidden = !chooseRole;
  }

  function changed(message) {
    show(message || (session ? 'Signed in as ' + session.subject : 'Not signed in'));
    for (const f of listeners) { f(session !== null); }
  }

  function claims(jwt) {
    try {
      const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(atob(part));
    } catch (e) { return {}; }
  }

  // --- dev: a token for the chosen role from the service (DEV ONLY, refused outside the dev profile)
  async function devSignIn() {
    const response = await fetch('/console/dev-token', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ role: $('signin-role').value }),
    });
    if (!response.ok) { show('Sign-in refused. ' + await problemText(response)); return; }
    const t = await response.json();
    session = { accessToken: t.access_token, subject: t.subject };
    changed('Signed in as ' + t.subject + ' (development sign-in)');
  }

  // --- OpenID Connect: authorization code with PKCE (RFC 7636) in a sign-in window
  function base64url(bytes) {
    let s = '';
    for (const b of bytes) { s += String.fromCharCode(b); }
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function random(n) { return base64url(crypto.getRandomValues(new Uint8Array(n))); }

  async function oidcSignIn() {
    const verifier = random(48);
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
    const request = { state: random(16), verifier: verifier, redirectUri: new URL('signed-in.html', window.location.href).href };
    const url = new URL(settings.oidc.authorizationEndpoint);
    url.search = new URLSearchParams({
      client_id: settings.oidc.clientId, redirect_uri: request.redirectUri, response_type: 'code', scope: 'openid',
      state: request.state, code_challenge: base64url(new Uint8Array(digest)), code_challenge_method: 'S256',
    }).toString();
    pending = request;
    const popup = window.open(url.href, 'safeline-sign-in', 'popup,width=520,height=680');
    if (!popup) {
      pending = null;
      show('The sign-in window was blocked: allow pop-ups for this page and sign in again.');
      return;
    }
    show('Signing in (complete it in the sign-in window)…');
    // closed by hand before signing in: say so instead of waiting forever
    const watch = setInterval(() => {
      if (!popup.closed) { return; }
      clearInterval(watch);
      setTimeout(() => {
        if (pending === request) {
          pending = null;
          show('The sign-in window was closed before signing in: sign in again.');
        }
      }, 500);
    }, 500);
  }

  window.addEventListener('message', async (ev) => {
    if (ev.origin !== window.location.origin || !ev.data || ev.data.type !== 'safeline-sign-in' || !pending) { return; }
    const request = pending;
    pending = null;
    if (ev.data.state !== request.state) { show('Sign-in failed: the answer does not belong to this sign-in.'); return; }
    if (ev.data.error || !ev.data.code) { show('Sign-in failed: ' + (ev.data.error || 'no authorization code')); return; }
    await tokenRequest({
      grant_type: 'authorization_code', code: ev.data.code, redirect_uri: request.redirectUri,
      code_verifier: request.verifier, client_id: settings.oidc.clientId,
    });
  });

  async function tokenRequest(params) {
    try {
      const response = await fetch(settings.oidc.tokenEndpoint, {
        method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams(params),
      });
      if (!response.ok) { throw new Error('HTTP ' + response.status); }
      const t = await response.json();
      const c = claims(t.access_token);
      session = { accessToken: t.access_token, refreshToken: t.refresh_token, idToken: t.id_token,
        subject: c.preferred_username || c.upn || c.sub || 'unknown' };
      clearTimeout(refreshTimer);
      if (session.refreshToken && t.expires_in) {
        refreshTimer = setTimeout(refresh, Math.max(10, t.expires_in - 30) * 1000);
      }
      changed();
    } catch (e) {
      session = null;
      changed('Sign-in failed: the identity provider did not issue a token (' + e.message + '). Sign in again.');
    }
  }

  function refresh() {
    if (session && session.refreshToken) {
      tokenRequest({ grant_type: 'refresh_token', refresh_token: session.refreshToken, client_id: settings.oidc.clientId });
    }
  }

  function signOut() {
    const idToken = session && session.idToken;
    session = null;
    clearTimeout(refreshTimer);
    changed();
    if (idToken && settings.oidc) {
      // end the identity provider's session too: the next person at this desk signs in with their own account
      const url = new URL(settings.oidc.logoutEndpoint);
      url.search = new URLSearchParams({ id_token_hint: idToken,
        post_logout_redirect_uri: new URL('./', window.location.href).href }).toString();
      window.location.assign(url.href);
    }
  }

  /** Reads the service's console settings and wires the sign-in bar; onChange(signedIn) runs on every change. */
  async function init(onChange) {
    if (onChange) { listeners.push(onChange); }
    $('signin').addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (!settings) { return; }
      (settings.signIn === 'dev' ? devSignIn() : oidcSignIn()).catch((e) => show('Sign-in failed: ' + e.message));
    });
    $('signout-button').addEventListener('click', signOut);
    try {
      const response = await fetch('/console/config', { headers: { Accept: 'application/json' } });
      if (!response.ok) { throw new Error('HTTP ' + response.status); }
      settings = await response.json();
    } catch (e) {
      show('The console settings could not be loaded (' + e.message + '): reload the page.');
      return null;
    }
    const roles = $('signin-role');
    for (const r of settings.roles || []) { roles.appendChild(el('option', { value: r }, r)); }
    $('signin-dev-note').hidden = settings.signIn !== 'dev';
    changed();
    return settings;
  }

  return { $: $, el: el, clear: clear, problemText: problemText, headers: headers, token: token, roles: roles,
    init: init };
}());
