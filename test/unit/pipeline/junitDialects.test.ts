import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseJunit } from '../../../src/core/pipeline/junitReport';
import type { TestSummary } from '../../../src/core/pipeline/runTypes';
import { tempDir } from './pipelineTestKit';

// JUnit XML as each tool writes it (test/fixtures/junit/, the dialect named at the top of
// each file), read against a workspace that holds the tests' sources where those projects
// keep them: failures point at the test's own file and line in this workspace.
const fixtures = join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'junit');
const sources = [
  'src/test/java/com/acme/shop/OrderTest.java',
  'cart-service/src/test/java/com/acme/shop/CartTest.java',
  'src/test/kotlin/com/acme/shop/OrderTotalsTest.kt',
  'tests/test_orders.py',
  'tests/test_payments.py',
  'src/cart.test.ts',
  'orders/total_test.go',
  'payments/charge.go',
  'tests/Unit/OrderTest.php',
  'test/orders.spec.js',
  'tests/Shop.Tests/OrderTests.cs',
];

describe('JUnit reports of real test tools', () => {
  let ws: ReturnType<typeof tempDir>;
  before(() => {
    ws = tempDir('devops-junit-dialects-');
    for (const file of sources) {
      mkdirSync(dirname(join(ws.path, file)), { recursive: true });
      writeFileSync(join(ws.path, file), '// source\n');
    }
  });
  after(() => ws.remove());

  const parse = (name: string): Promise<TestSummary> => parseJunit(readFileSync(join(fixtures, name), 'utf8'), name, ws.path);
  const counts = (summary: TestSummary): number[] => [summary.passed, summary.failed, summary.skipped];

  it('Maven Surefire (JUnit 4): the test class frame, not org.junit.Assert', async () => {
    const summary = await parse('maven-surefire-junit4.xml');
    assert.deepEqual(counts(summary), [1, 2, 1]);
    assert.deepEqual(summary.failures, [
      { name: 'com.acme.shop.OrderTest > totalsWithTax', message: 'expected:<42.00> but was:<41.99>', file: 'src/test/java/com/acme/shop/OrderTest.java', line: 42 },
      { name: 'com.acme.shop.OrderTest > refundsCancelled', message: 'Cannot invoke "com.acme.shop.Payment.amount()" because "payment" is null', file: 'src/test/java/com/acme/shop/OrderTest.java', line: 58 },
    ]);
  });

  it('Gradle (JUnit 5): numeric character references decoded, app// frames, a module one folder down', async () => {
    const summary = await parse('gradle-junit5.xml');
    assert.deepEqual(counts(summary), [2, 1, 0]);
    assert.deepEqual(summary.failures, [
      { name: 'com.acme.shop.CartTest > discountApplies()', message: 'org.opentest4j.AssertionFailedError: expected: <90> but was: <100>', file: 'cart-service/src/test/java/com/acme/shop/CartTest.java', line: 31 },
    ]);
  });

  it('Kotlin: kotlin.test frames skipped, the test class (inner class included) found', async () => {
    const summary = await parse('kotlin-gradle.xml');
    assert.deepEqual(summary.failures.map((f) => `${f.file ?? ''}:${f.line ?? 0}`), ['src/test/kotlin/com/acme/shop/OrderTotalsTest.kt:27']);
  });

  it('pytest: the failing line of the test file, and a module that failed to import', async () => {
    const summary = await parse('pytest.xml');
    assert.deepEqual(counts(summary), [2, 2, 1]);
    assert.deepEqual(summary.failures, [
      { name: 'tests.test_orders > test_total_with_tax', message: 'assert 41.99 == 42.0', file: 'tests/test_orders.py', line: 12 },
      { name: 'tests.test_payments', message: 'collection failure', file: 'tests/test_payments.py', line: 3 },
    ]);
  });

  it('jest-junit: no message attribute, colour codes removed, node_modules frames skipped, a CI path mapped onto the workspace', async () => {
    const summary = await parse('jest-junit.xml');
    assert.deepEqual(counts(summary), [1, 1, 1]);
    assert.deepEqual(summary.failures, [
      { name: 'cart › totals applies the discount > cart › totals applies the discount', message: 'Error: expect(received).toBe(expected) // Object.is equality', file: 'src/cart.test.ts', line: 21 },
    ]);
  });

  it('go-junit-report: "Failed" replaced by what failed, the package folder found, a package that did not build counted', async () => {
    const summary = await parse('go-junit-report.xml');
    assert.deepEqual(counts(summary), [2, 2, 0]);
    assert.deepEqual(summary.failures, [
      { name: 'github.com/acme/shop/orders > TestTotal/with_tax', message: 'total_test.go:42: total(order) = 41.99, want 42.00', file: 'orders/total_test.go', line: 42 },
      { name: 'github.com/acme/shop/payments', message: '# github.com/acme/shop/payments [github.com/acme/shop/payments.test]', file: 'payments/charge.go', line: 14 },
    ]);
  });

  it("PHPUnit: nested suites, the container's path mapped onto the workspace, the failing line over the method's", async () => {
    const summary = await parse('phpunit.xml');
    assert.deepEqual(counts(summary), [2, 1, 0]);
    assert.deepEqual(summary.failures, [{ name: 'Tests.Unit.OrderTest > testTotalWithTax', message: 'Failed asserting that 41.99 matches expected 42.0.', file: 'tests/Unit/OrderTest.php', line: 24 }]);
  });

  it('mocha-junit-reporter: the empty Root Suite counts nothing, the frame in the suite file wins', async () => {
    const summary = await parse('mocha-junit-reporter.xml');
    assert.deepEqual(counts(summary), [2, 1, 0]);
    assert.deepEqual(summary.failures.map((f) => [f.message, f.file, f.line]), [['expected 41.99 to equal 42', 'test/orders.spec.js', 18]]);
  });

  it('.NET through trx2junit: "in <path>:line N" frames', async () => {
    const summary = await parse('dotnet-trx2junit.xml');
    assert.deepEqual(counts(summary), [1, 1, 0]);
    assert.deepEqual(summary.failures, [{ name: 'Shop.Tests.OrderTests > Totals_WithTax', message: 'Assert.Equal() Failure: Values differ', file: 'tests/Shop.Tests/OrderTests.cs', line: 42 }]);
  });

  it('a suite-level <error> with no test case is a failure; <testcase/> without attributes is a test', async () => {
    const summary = await parse('suite-errors.xml');
    assert.deepEqual(counts(summary), [2, 1, 1]);
    assert.deepEqual(summary.failures, [
      { name: 'com.acme.shop.InventoryIT', message: 'Connection refused: localhost/127.0.0.1:5432', file: 'com/acme/shop/InventoryIT.java', line: 23 },
    ]);
  });

  it('an empty <testsuites/> is a report of no tests', async () => {
    assert.deepEqual(await parse('empty-testsuites.xml'), { passed: 0, failed: 0, skipped: 0, failures: [] });
  });
});
