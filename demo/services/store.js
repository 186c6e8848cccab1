'use strict';
// store: an in-memory key-value store of orders; the bottom of web -> api -> store.

const { createService, HttpError, randomBetween } = require('./lib/service');
const { portOf } = require('./lib/ports');
const { SEED } = require('./lib/orders');
const { setTimeout: sleep } = require('node:timers/promises');

const items = new Map(SEED.map((order) => [order.id, order]));

createService({
  name: 'store',
  port: Number(process.env.PORT ?? portOf('store')),
  routes: [
    {
      method: 'GET',
      path: '/items',
      async handler() {
        await sleep(randomBetween(2, 12));
        return { json: [...items.values()] };
      },
    },
    {
      method: 'GET',
      path: '/items/:key',
      async handler({ params }) {
        await sleep(randomBetween(1, 6));
        const item = items.get(params.key);
        if (!item) throw new HttpError(404, `no item ${params.key}`);
        return { json: item };
      },
    },
    {
      method: 'PUT',
      path: '/items/:key',
      async handler({ params, body, log }) {
        await sleep(randomBetween(3, 15));
        if (body === undefined) throw new HttpError(400, 'body is required');
        const created = !items.has(params.key);
        items.set(params.key, body);
        if (items.size > 500) log.event('warn', 'store is growing', { items: items.size });
        return { status: created ? 201 : 200, json: body };
      },
    },
  ],
});
