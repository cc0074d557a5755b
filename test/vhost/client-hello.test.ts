import { createServer, type Server } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { readClientHelloSni } from '../../runtime/listen/client-hello.ts';

// The server name is read from real ClientHellos (Node's OpenSSL client), whole and arriving in pieces.
let server: Server | null = null;
afterEach(() => {
  server?.close();
  server = null;
});

/** The first bytes a TLS client sends, captured by a plain TCP server. */
function clientHello(servername: string | undefined): Promise<Buffer> {
  return new Promise((resolve) => {
    server = createServer((socket) => {
      socket.once('data', (chunk) => {
        resolve(chunk);
        socket.destroy();
      });
    });
    server.listen(0, '127.0.0.1', () => {
      const { port } = server!.address() as { port: number };
      const client = tlsConnect({ host: '127.0.0.1', port, ...(servername === undefined ? {} : { servername }) });
      client.on('error', () => {});
    });
  });
}

describe('readClientHelloSni', () => {
  it('reads the server name, lower-cased', async () => {
    expect(readClientHelloSni(await clientHello('Shop.Example.COM'))).toEqual({ kind: 'sni', name: 'shop.example.com' });
  });

  it('reports a ClientHello without SNI', async () => {
    expect(readClientHelloSni(await clientHello(undefined))).toEqual({ kind: 'sni', name: null });
  });

  it('asks for more bytes until the record is complete', async () => {
    const hello = await clientHello('a.test');
    for (const cut of [0, 1, 4, 5, 40, hello.length - 1]) expect(readClientHelloSni(hello.subarray(0, cut)).kind).toBe('incomplete');
    expect(readClientHelloSni(hello).kind).toBe('sni');
  });

  it('gives up on bytes that are not a TLS handshake', () => {
    expect(readClientHelloSni(Buffer.from('GET / HTTP/1.1\r\n\r\n'))).toEqual({ kind: 'unknown' });
    expect(readClientHelloSni(Buffer.from([0x16, 0x03, 0x01, 0xff, 0xff]))).toEqual({ kind: 'unknown' });
  });
});
