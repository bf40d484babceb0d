import type { IncomingMessage } from 'node:http';

import { describe, expect, it } from 'vitest';

import { CLAIMED_FORWARDED_FOR_HEADER, PEER_HEADER, clientAddress, stampClientAddress } from './client-address';

describe('the client address', () => {
  it('is the socket’s peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress('127.0.0.1', '203.0.113.66, 10.0.0.1', 0)).toBe('127.0.0.1');
    expect(clientAddress('::ffff:192.0.2.10', null, 0)).toBe('192.0.2.10');
    expect(clientAddress(null, '203.0.113.66', 0)).toBeNull();
  });

  it('is what the outermost trusted proxy saw, counting proxies from the socket', () => {
    // client → proxy A (appends client) → proxy B (appends A) → portal (peer B)
    expect(clientAddress('10.0.0.2', '198.51.100.7, 10.0.0.1', 2)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.1', '198.51.100.7', 1)).toBe('198.51.100.7');
    // A client that prepends a forged address gains nothing: the trusted hops are counted from the right.
    expect(clientAddress('10.0.0.1', '203.0.113.66, 198.51.100.7', 1)).toBe('198.51.100.7');
    // Fewer entries than hops: the leftmost there is.
    expect(clientAddress('10.0.0.1', null, 3)).toBe('10.0.0.1');
  });

  it('is stamped from the socket, and a client cannot send the stamp itself', () => {
    const request = {
      headers: { 'x-forwarded-for': '203.0.113.66, 10.0.0.1', [PEER_HEADER]: '198.51.100.99' },
      socket: { remoteAddress: '127.0.0.1' },
    } as unknown as IncomingMessage;
    stampClientAddress(request);
    expect(request.headers[PEER_HEADER]).toBe('127.0.0.1');
    expect(request.headers[CLAIMED_FORWARDED_FOR_HEADER]).toBe('203.0.113.66, 10.0.0.1');
    const plain = { headers: { [CLAIMED_FORWARDED_FOR_HEADER]: 'forged' }, socket: { remoteAddress: '::1' } } as unknown as IncomingMessage;
    stampClientAddress(plain);
    expect(plain.headers[CLAIMED_FORWARDED_FOR_HEADER]).toBeUndefined();
    expect(plain.headers[PEER_HEADER]).toBe('::1');
  });
});
