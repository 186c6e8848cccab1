import * as assert from 'node:assert/strict';
import { daysLeft, sprintHeader } from '../../../src/core/plan/planGroups';
import { planItemDescription, planItemTooltip, sprintHeaderText } from '../../../src/core/plan/planText';
import type { PlanItem } from '../../../src/core/plan/planProvider';

const item: PlanItem = { id: 'DL-1', title: 'Fix *nix [paths]', status: 'todo', assignee: 'ada', points: 1, labels: ['api', 'ops'], description: 'Body' };

describe('plan text', () => {
  it('describes a row and escapes the tooltip markdown', () => {
    assert.equal(planItemDescription(item), 'ada · 1 pt · api, ops');
    assert.equal(planItemDescription({ id: 'x', title: 't', status: 's', labels: [] }), '');
    const tooltip = planItemTooltip(item, true);
    assert.match(tooltip, /^\*\*DL\\-1\*\* Fix \\\*nix \\\[paths\\\] \*\(active branch\)\*/);
    assert.match(tooltip, /Labels: `api` `ops`/);
    assert.match(tooltip, /Body$/);
  });

  it('counts days left with today and the end day, and shows the header line', () => {
    const now = new Date(2026, 11, 4, 18).getTime();
    assert.equal(daysLeft('2026-12-04', now), 1);
    assert.equal(daysLeft('2026-12-03', now), 0);
    assert.equal(daysLeft('2026-12-10', now), 7);
    const header = sprintHeader({ name: 'Sprint 14', start: '2026-11-23', end: '2026-12-10' }, [item, { ...item, id: 'DL-2', status: 'done', points: 5 }], 'done', now);
    assert.equal(sprintHeaderText(header), 'Sprint 14 · 11/23–12/10 · 7 days left · 5/6 pts');
  });
});
