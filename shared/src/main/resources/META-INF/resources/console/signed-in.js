// The identity provider's redirect target in the sign-in window: hands the authorization code to the console
// that opened it (same origin only) and closes. The code is useless without the console's PKCE verifier.
'use strict';

(function () {
  const params = new URLSearchParams(window.location.search);
  const message = {
    type: 'safeline-sign-in', state: params.get('state'), code: params.get('code'),
    error: params.get('error_description') || params.get('error'),
  };
  window.history.replaceState(null, '', window.location.pathname);
  if (window.opener && !window.opener.closed) {
    window.opener.postMessage(message, window.location.origin);
    window.close();
  } else {
    document.getElementById('message').textContent = 'Sign in from the console page: this window can be closed.';
  }
}());
