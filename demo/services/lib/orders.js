'use strict';
// The demo's tiny domain: orders with lines. Kept apart from HTTP so tests/ can check it.

const SEED = [
  { id: 'o-1001', customer: 'Ada', lines: [{ sku: 'mug', qty: 2, price: 9.5 }] },
  { id: 'o-1002', customer: 'Grace', lines: [{ sku: 'tee', qty: 1, price: 19 }, { sku: 'sticker', qty: 5, price: 1 }] },
  { id: 'o-1003', customer: 'Linus', lines: [{ sku: 'hoodie', qty: 1, price: 42 }] },
];

function validateOrder(body) {
  const problems = [];
  if (!body || typeof body !== 'object') return ['order must be a JSON object'];
  if (typeof body.customer !== 'string' || body.customer.trim() === '') problems.push('customer is required');
  if (!Array.isArray(body.lines) || body.lines.length === 0) problems.push('lines must be a non-empty list');
  else {
    body.lines.forEach((line, index) => {
      if (typeof line?.sku !== 'string') problems.push(`lines[${index}].sku must be a string`);
      if (!Number.isInteger(line?.qty) || line.qty < 1) problems.push(`lines[${index}].qty must be a positive integer`);
      if (typeof line?.price !== 'number' || line.price < 0) problems.push(`lines[${index}].price must be a number >= 0`);
    });
  }
  return problems;
}

function orderTotal(order) {
  const cents = order.lines.reduce((sum, line) => sum + Math.round(line.price * 100) * line.qty, 0);
  return cents / 100;
}

function nextOrderId(existingIds) {
  const highest = existingIds.reduce((max, id) => Math.max(max, Number(/^o-(\d+)$/.exec(id)?.[1] ?? 0)), 1000);
  return `o-${highest + 1}`;
}

module.exports = { SEED, validateOrder, orderTotal, nextOrderId };
