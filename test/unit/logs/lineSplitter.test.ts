import * as assert from 'node:assert/strict';
import { LineSplitter as ByteLineSplitter } from '../../../src/backends/logs/lineSplitter';
import { batchTexts } from '../../../src/core/monitor/lineBatch';
import { LogModel } from '../../../src/core/monitor/logModel';

// The splitter's lines, decoded, as the sink reads them.
class LineSplitter {
  private readonly splitter: ByteLineSplitter;
  constructor(maxLineBytes?: number) {
    this.splitter = new ByteLineSplitter(maxLineBytes);
  }
  get pendingBytes(): number {
    return this.splitter.pendingBytes;
  }
  push(chunk: Uint8Array): string[] {
    return batchTexts(this.splitter.push(chunk));
  }
  end(): string[] {
    return batchTexts(this.splitter.end());
  }
}

describe('LineSplitter', () => {
  it('holds a partial last line until it is complete', () => {
    const splitter = new LineSplitter();
    assert.deepEqual(splitter.push(Buffer.from('one\ntw')), ['one']);
    assert.deepEqual(splitter.push(Buffer.from('o')), []);
    assert.deepEqual(splitter.push(Buffer.from('\nthree\r\nfour')), ['two', 'three']);
    assert.deepEqual(splitter.end(), ['four']);
    assert.deepEqual(splitter.end(), []);
  });

  it('decodes a character split across chunks whole', () => {
    const splitter = new LineSplitter();
    const bytes = Buffer.from('héllo wörld ✓\n');
    const out: string[] = [];
    for (let i = 0; i < bytes.length; i++) out.push(...splitter.push(bytes.subarray(i, i + 1)));
    assert.deepEqual(out, ['héllo wörld ✓']);
  });

  it('replaces invalid UTF-8 without losing the rest of the line', () => {
    const splitter = new LineSplitter();
    const line = Buffer.concat([Buffer.from('before '), Buffer.from([0xff, 0xc3, 0x28]), Buffer.from(' after\nnext\n')]);
    assert.deepEqual(splitter.push(line), ['before \ufffd\ufffd( after', 'next']);
  });

  it('keeps memory bounded on a 1 MB single line, and the lines after it intact', () => {
    const splitter = new LineSplitter(64 * 1024);
    const chunk = Buffer.alloc(64 * 1024, 'x'.charCodeAt(0));
    let peak = 0;
    for (let i = 0; i < 16; i++) {
      assert.deepEqual(splitter.push(chunk), []);
      peak = Math.max(peak, splitter.pendingBytes);
    }
    const [long, after] = splitter.push(Buffer.from('\nafter\n'));
    assert.ok(peak <= 64 * 1024, `held ${peak} bytes`);
    assert.equal(long.slice(0, 64 * 1024), 'x'.repeat(64 * 1024));
    assert.match(long, /\[line of 1048576 bytes truncated\]$/);
    assert.equal(after, 'after');
  });

  it('caps a long line that arrives inside one chunk too', () => {
    const splitter = new LineSplitter(10);
    assert.deepEqual(splitter.push(Buffer.from('a\n0123456789abc\nb\n')), ['a', '0123456789 … [line of 13 bytes truncated]', 'b']);
  });

  it('a line the splitter cut keeps its note through the model, which says how long the line was', () => {
    const model = new LogModel({ reorderWindowMs: 0 });
    const splitter = new ByteLineSplitter();
    model.lines('a', splitter.push(Buffer.from(`ERROR ${'x'.repeat(200_000)}\nnext\n`)));
    const [long, next] = model.range(0, 2);
    assert.match(long.text, /^ERROR x+ … \[line of 200006 bytes truncated\]$/);
    assert.equal(long.text.length, 64 * 1024 + ' … [line of 200006 bytes truncated]'.length);
    assert.equal(long.level, 'error');
    assert.equal(next.text, 'next');
  });
});
