// host-shell.js: the simulated host's side of the screens' bridge (docs/integration.md,
// "Screens"). It loads the plugin's bundle, mounts the page (and any employee-record panel) the
// server named, and calls plugin methods for it through POST /api/call. The request carries the
// method, its params and an idempotency key; the server adds the principal and roles from its
// session cookie, and checks the CSRF token this script sends in a header.
const body = document.body;
const context = JSON.parse(body.dataset.pspContext ?? '{}');
const csrf = body.dataset.pspCsrf ?? '';
const mounts = document.querySelectorAll('[data-psp-page]');

function query() {
  return Object.fromEntries(new URLSearchParams(window.location.search));
}

async function call(bundle, method, params = {}, options = {}) {
  let response;
  try {
    response = await fetch('/api/call', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-PSP-CSRF': csrf },
      body: JSON.stringify({
        method,
        params,
        ...(options.idempotencyKey ? { idempotency_key: options.idempotencyKey } : {}),
      }),
    });
  } catch {
    throw new bundle.BridgeError({ code: 'host_unavailable', message: 'no answer' });
  }
  const answer = await response.json().catch(() => ({
    ok: false,
    error: { code: 'host_unavailable', message: 'not JSON' },
  }));
  if (!answer.ok) {
    throw new bundle.BridgeError(answer.error);
  }
  return answer.result;
}

async function start() {
  if (mounts.length === 0) {
    return;
  }
  const bundle = await import(body.dataset.pspBundle);
  for (const element of mounts) {
    const bridge = {
      context,
      query: { ...query(), ...JSON.parse(element.dataset.pspQuery ?? '{}') },
      call: (method, params, options) => call(bundle, method, params, options),
      navigate: (pageId, q = {}) => {
        const search = new URLSearchParams(q).toString();
        window.location.assign(
          '/app/page/' + encodeURIComponent(pageId) + (search ? '?' + search : ''),
        );
      },
    };
    bundle.mount(element, element.dataset.pspPage, bridge);
  }
}

start().catch((error) => {
  const message = document.getElementById('host-error');
  if (message) {
    message.hidden = false;
  }
  console.error(error);
});
