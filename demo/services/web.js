'use strict';
// web: the storefront. Renders orders from api, and (unless DEVOPS_DEMO_TRAFFIC_MS=0)
// sends itself a little traffic so charts and logs move without anyone clicking.

const { createService, callJson } = require('./lib/service');
const { portOf, urlOf } = require('./lib/ports');

const port = Number(process.env.PORT ?? portOf('web'));
const apiUrl = process.env.API_URL ?? urlOf('api');
const trafficMs = Number(process.env.DEVOPS_DEMO_TRAFFIC_MS ?? 3000);

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const { log } = createService({
  name: 'web',
  port,
  routes: [
    {
      method: 'GET',
      path: '/',
      async handler({ requestId }) {
        const orders = await callJson(`${apiUrl}/api/orders`, { requestId });
        const rows = orders.map((o) => `<li>${escapeHtml(o.id)} ${escapeHtml(o.customer)}: ${escapeHtml(o.total)}</li>`).join('');
        return { html: `<!doctype html><title>Demo shop</title><h1>Orders</h1><ul>${rows}</ul>` };
      },
    },
    {
      method: 'GET',
      path: '/orders',
      async handler({ requestId }) {
        return { json: await callJson(`${apiUrl}/api/orders`, { requestId }) };
      },
    },
    {
      method: 'GET',
      path: '/orders/:id',
      async handler({ params, requestId }) {
        return { json: await callJson(`${apiUrl}/api/orders/${encodeURIComponent(params.id)}`, { requestId }) };
      },
    },
  ],
});

if (trafficMs > 0) {
  const paths = ['/orders', '/orders', '/', '/orders/o-1002', '/orders/o-9999'];
  let next = 0;
  setInterval(() => {
    const target = `http://127.0.0.1:${port}${paths[next++ % paths.length]}`;
    fetch(target, { signal: AbortSignal.timeout(5000) })
      .then((response) => response.arrayBuffer())
      .catch((error) => log.event('warn', 'synthetic traffic failed', { target, error: error.message }));
  }, trafficMs).unref();
}
