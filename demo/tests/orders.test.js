'use strict';
const assert = require('node:assert/strict');
const { validateOrder, orderTotal, nextOrderId } = require('../services/lib/orders');

exports.tests = {
  'a valid order has no problems'() {
    assert.deepEqual(validateOrder({ customer: 'Ada', lines: [{ sku: 'mug', qty: 1, price: 9.5 }] }), []);
  },
  'an order without customer or lines lists both problems'() {
    assert.deepEqual(validateOrder({ lines: [] }), ['customer is required', 'lines must be a non-empty list']);
  },
  'the total is summed in cents, so 0.1 + 0.2 is 0.3'() {
    const order = { lines: [{ sku: 'a', qty: 1, price: 0.1 }, { sku: 'b', qty: 1, price: 0.2 }] };
    // DEVOPS_DEMO_FAIL=test makes this assertion wrong on purpose, to show a failed test.
    const expected = process.env.DEVOPS_DEMO_FAIL?.split(',').includes('test') ? 0.30000000000000004 : 0.3;
    assert.equal(orderTotal(order), expected);
  },
  'the next id follows the highest one'() {
    assert.equal(nextOrderId(['o-1001', 'o-1007', 'o-1003']), 'o-1008');
    assert.equal(nextOrderId([]), 'o-1001');
  },
  'pagination of order lists (DL-104)': 'skip: not built yet',
};
