'use strict';
// api: the orders API; reads and writes through store, and is sometimes slow or failing
// (DEMO_ERROR_RATE, default 2%) so the Monitor has errors and latency to show.

const { createService, callJson, HttpError, randomBetween } = require('./lib/service');
const { portOf, urlOf } = require('./lib/ports');
const { validateOrder, orderTotal, nextOrderId } = require('./lib/orders');
const { setTimeout: sleep } = require('node:timers/promises');

const storeUrl = process.env.STORE_URL ?? urlOf('store');
const errorRate = Number(process.env.DEMO_ERROR_RATE ?? 0.02);

// Most calls take 20-80 ms; one in twenty takes 300-600 ms and says so in the log.
async function work(log, requestId) {
  const slow = Math.random() < 0.05;
  const ms = slow ? randomBetween(300, 600) : randomBetween(20, 80);
  await sleep(ms);
  if (slow) log.event('warn', 'slow request', { ms: Math.round(ms), requestId });
  if (Math.random() < errorRate) throw new HttpError(500, 'injected failure (DEMO_ERROR_RATE)');
}

createService({
  name: 'api',
  port: Number(process.env.PORT ?? portOf('api')),
  routes: [
    {
      method: 'GET',
      path: '/api/orders',
      async handler({ log, requestId }) {
        await work(log, requestId);
        const orders = await callJson(`${storeUrl}/items`, { requestId });
        return { json: orders.map((order) => ({ ...order, total: orderTotal(order) })) };
      },
    },
    {
      method: 'GET',
      path: '/api/orders/:id',
      async handler({ params, log, requestId }) {
        await work(log, requestId);
        const order = await callJson(`${storeUrl}/items/${encodeURIComponent(params.id)}`, { requestId });
        return { json: { ...order, total: orderTotal(order) } };
      },
    },
    {
      method: 'POST',
      path: '/api/orders',
      async handler({ body, log, requestId }) {
        const problems = validateOrder(body);
        if (problems.length > 0) throw new HttpError(400, problems.join('; '));
        await work(log, requestId);
        const existing = await callJson(`${storeUrl}/items`, { requestId });
        const order = { id: nextOrderId(existing.map((o) => o.id)), customer: body.customer, lines: body.lines };
        await callJson(`${storeUrl}/items/${order.id}`, { method: 'PUT', body: order, requestId });
        log.event('info', 'order created', { orderId: order.id, total: orderTotal(order), requestId });
        return { status: 201, json: { ...order, total: orderTotal(order) } };
      },
    },
  ],
});
