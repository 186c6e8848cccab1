import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

// The server side of the API server's streaming subprotocol for exec, attach and
// port-forward: a WebSocket (RFC 6455) whose binary messages start with a channel byte,
// `v4.channel.k8s.io` (kubernetes.io/docs/reference/using-api/websockets/ and the
// apimachinery wsstream package). Written by hand for the fake API server, so the client
// library's own WebSocket talks to an independent implementation.

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
export const channelProtocol = 'v4.channel.k8s.io';

/** One accepted channel connection. */
export interface ChannelConnection {
  /** Sends `data` on channel `channel`. */
  send(channel: number, data: Buffer | string): void;
  /** Called with each message the client sends, by channel. */
  onMessage(listener: (channel: number, data: Buffer) => void): void;
  /** Called once when the connection ends, either side. */
  onClose(listener: () => void): void;
  /** Sends a close frame and ends the connection. */
  close(): void;
}

/** Accepts an upgrade request offering the channel protocol; answers 400 and returns undefined otherwise. */
export function acceptChannels(req: IncomingMessage, socket: Duplex, head: Buffer): ChannelConnection | undefined {
  const key = req.headers['sec-websocket-key'];
  const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  if (typeof key !== 'string' || !offered.includes(channelProtocol)) {
    socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
    return undefined;
  }
  const accept = createHash('sha1').update(key + GUID).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${channelProtocol}\r\n\r\n`);
  const listeners: ((channel: number, data: Buffer) => void)[] = [];
  const closers: (() => void)[] = [];
  let closed = false;
  const finish = (): void => {
    if (closed) return;
    closed = true;
    for (const closer of closers) closer();
  };
  const frame = (opcode: number, payload: Buffer): void => {
    if (closed || socket.destroyed) return;
    const length = payload.length;
    const header = length < 126 ? Buffer.from([0x80 | opcode, length]) : length < 65536 ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff]) : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigEndian64(length)]);
    socket.write(Buffer.concat([header, payload]));
  };
  let buffered = head;
  const parse = (): void => {
    for (;;) {
      if (buffered.length < 2) return;
      const opcode = buffered[0] & 0x0f;
      const masked = (buffered[1] & 0x80) !== 0;
      let length = buffered[1] & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffered.length < 4) return;
        length = buffered.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffered.length < 10) return;
        length = Number(buffered.readBigUInt64BE(2));
        offset = 10;
      }
      const mask = masked ? buffered.subarray(offset, offset + 4) : undefined;
      if (masked) offset += 4;
      if (buffered.length < offset + length) return;
      const payload = Buffer.from(buffered.subarray(offset, offset + length));
      buffered = buffered.subarray(offset + length);
      if (mask) for (let i = 0; i < payload.length; i++) payload[i] = payload[i] ^ mask[i % 4];
      if (opcode === 0x8) {
        frame(0x8, payload.subarray(0, 2));
        socket.end();
        finish();
        return;
      }
      if (opcode === 0x9) frame(0xa, payload);
      else if ((opcode === 0x2 || opcode === 0x1) && payload.length > 0) for (const listener of listeners) listener(payload[0], payload.subarray(1));
    }
  };
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    parse();
  });
  socket.on('close', finish);
  socket.on('error', finish);
  queueMicrotask(parse);
  return {
    send: (channel, data) => frame(0x2, Buffer.concat([Buffer.from([channel]), Buffer.isBuffer(data) ? data : Buffer.from(data)])),
    onMessage: (listener) => void listeners.push(listener),
    onClose: (listener) => void closers.push(listener),
    close: () => {
      frame(0x8, Buffer.from([0x03, 0xe8]));
      socket.end();
      finish();
    },
  };
}

function bigEndian64(value: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64BE(BigInt(value));
  return buffer;
}
