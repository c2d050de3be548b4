import { getEventListeners, once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpFetch, httpFetch } from '#common/http-fetch.ts';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

describe('httpFetch', () => {
  let server: Server;
  let base: string;
  let handle: Handler;
  /** Each server-side socket: whether the client ended it (a FIN before the close). */
  const sockets: { endedByClient: boolean; closed: Promise<void> }[] = [];
  const received: {
    method: string;
    url: string;
    headers: IncomingMessage['headers'];
    body: string;
    port: number | undefined;
  }[] = [];

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString();
      received.push({
        method: request.method!,
        url: request.url!,
        headers: request.headers,
        body,
        port: request.socket.remotePort,
      });
      handle(request, body, response);
    });
    // Announced to clients as `Keep-Alive: timeout=3`.
    server.keepAliveTimeout = 3_000;
    server.on('connection', (socket) => {
      const entry = { endedByClient: false, closed: once(socket, 'close').then(() => undefined) };
      socket.on('end', () => {
        entry.endedByClient = true;
      });
      sockets.push(entry);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    received.length = 0;
    sockets.length = 0;
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
  });

  it('sends method, path, query, headers and body, and answers status, headers and body', async () => {
    // Prepare
    handle = (_request, body, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': 's-1' });
      response.end(JSON.stringify({ echoed: JSON.parse(body) }));
    };
    // Act
    const response = await httpFetch(`${base}/mcp?a=1&a=2`, {
      method: 'post',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('mcp-session-id')).toBe('s-1');
    expect(await response.json()).toEqual({ echoed: { jsonrpc: '2.0', id: 1, method: 'ping' } });
    expect(received[0]).toMatchObject({
      method: 'POST',
      url: '/mcp?a=1&a=2',
      body: '{"jsonrpc":"2.0","id":1,"method":"ping"}',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'content-length': '40',
      },
    });
  });

  // Node's own fetch beside httpFetch: the answer behaves the same whichever way its body is read.
  it.each([
    ['Node fetch', (url: string) => fetch(url)],
    ['httpFetch', (url: string) => httpFetch(url)],
  ])('answers a body read once by any reader, as a Response does (%s)', async (_name, get) => {
    // Prepare
    handle = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"état":"ok"}');
    };
    const read = async (reader: (response: Response) => Promise<unknown>) => {
      const response = await get(`${base}/body`);
      const before = response.bodyUsed;
      const value = await reader(response);
      const again = await response.text().then(
        () => 'read again',
        (error: unknown) => (error instanceof TypeError ? 'TypeError' : String(error)),
      );
      return { before, value, after: response.bodyUsed, again };
    };
    const streamed = async (response: Response) => {
      let text = '';
      for await (const chunk of response.body!.pipeThrough(new TextDecoderStream())) text += chunk;
      return text;
    };
    // Act
    const json = await read((response) => response.json());
    const text = await read((response) => response.text());
    const bytes = await read(async (response) => new TextDecoder().decode(await response.arrayBuffer()));
    const blob = await read(async (response) => (await response.blob()).text());
    const stream = await read(streamed);
    const cloned = await get(`${base}/body`);
    const copy = cloned.clone();
    const both = [await cloned.json(), await copy.text()];
    // Assess
    const once = { before: false, after: true, again: 'TypeError' };
    expect(json).toEqual({ ...once, value: { état: 'ok' } });
    expect(text).toEqual({ ...once, value: '{"état":"ok"}' });
    expect(bytes).toEqual({ ...once, value: '{"état":"ok"}' });
    expect(blob).toEqual({ ...once, value: '{"état":"ok"}' });
    expect(stream).toEqual({ ...once, value: '{"état":"ok"}' });
    expect(both).toEqual([{ état: 'ok' }, '{"état":"ok"}']);
    expect(() => cloned.clone()).toThrow(TypeError);
  });

  it('takes a Request as input, its body included', async () => {
    // Prepare
    handle = (_request, body, response) => response.end(body.toUpperCase());
    // Act
    const response = await httpFetch(new Request(`${base}/r`, { method: 'PUT', body: 'data' }));
    // Assess
    expect(await response.text()).toBe('DATA');
    expect(received[0]).toMatchObject({ method: 'PUT', url: '/r' });
  });

  it('hands an event stream on as it arrives, before the server ends it', async () => {
    // Prepare: the server sends one event, then holds the stream open until the test has read it.
    let finish: () => void = () => undefined;
    handle = (_request, _body, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: {"first":true}\n\n');
      finish = () => response.end('data: {"last":true}\n\n');
    };
    // Act
    const response = await httpFetch(`${base}/sse`, { method: 'POST', body: '{}' });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const first = await reader.read();
    finish();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += chunk.value;
    // Assess
    expect(first.value).toBe('data: {"first":true}\n\n');
    expect(rest).toBe('data: {"last":true}\n\n');
  });

  it('answers 202 and 204 as the MCP transport reads them', async () => {
    // Prepare
    handle = (request, _body, response) => {
      response.writeHead(request.url === '/accepted' ? 202 : 204);
      response.end();
    };
    // Act
    const accepted = await httpFetch(`${base}/accepted`, { method: 'POST', body: '{}' });
    const noContent = await httpFetch(`${base}/none`, { method: 'DELETE' });
    // Assess
    expect(accepted.status).toBe(202);
    expect(await accepted.text()).toBe('');
    expect(noContent.status).toBe(204);
    expect(noContent.body).toBeNull();
  });

  it('does not follow a redirect: a signed request must not be sent elsewhere', async () => {
    // Prepare
    handle = (request, _body, response) => {
      response.writeHead(request.url === '/moved' ? 307 : 200, { location: '/elsewhere' });
      response.end();
    };
    // Act
    const response = await httpFetch(`${base}/moved`, { method: 'POST', body: '{}' });
    // Assess
    expect(response.status).toBe(307);
    expect(received.map((request) => request.url)).toEqual(['/moved']);
  });

  it('reuses its keep-alive connection for the next request', async () => {
    // Prepare
    handle = (_request, _body, response) => response.end('ok');
    // Act
    for (let i = 0; i < 3; i++) await (await httpFetch(`${base}/again`)).text();
    // Assess: one client socket (its port) carried all three.
    expect(new Set(received.map((request) => request.port)).size).toBe(1);
  });

  it('rejects with an AbortError when the signal aborts a request in flight', async () => {
    // Prepare: the server never answers; the test aborts once the request has arrived.
    let arrive: () => void = () => undefined;
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    handle = () => arrive();
    const controller = new AbortController();
    // Act
    const pending = httpFetch(`${base}/held`, { method: 'POST', body: '{}', signal: controller.signal });
    await arrived;
    controller.abort();
    // Assess
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('aborts every request sharing a signal through one listener on it, as an MCP session shares one', async () => {
    // Prepare: the server holds 12 requests; they share one signal, as a session's requests do.
    let arrived = 0;
    let allArrived: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      allArrived = resolve;
    });
    handle = () => {
      arrived += 1;
      if (arrived === 12) allArrived();
    };
    const controller = new AbortController();
    const pending = Array.from({ length: 12 }, () =>
      httpFetch(`${base}/held`, { method: 'POST', body: '{}', signal: controller.signal }),
    );
    await held;
    // Act
    const listeners = getEventListeners(controller.signal, 'abort').length;
    controller.abort();
    // Assess: Node warns of a leak past 10 listeners on one signal.
    expect(listeners).toBe(1);
    for (const request of pending) await expect(request).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('closes an idle socket before the keep-alive timeout the server announced, never racing its close', async () => {
    // Prepare: a client of its own (a socket of its own), with the default idle timeout of 4 s; it
    // waits 1 s less than the server's 3 s before it drops the idle socket.
    handle = (_request, _body, response) => response.end('ok');
    await (await createHttpFetch()(`${base}/idle`)).text();
    // Act
    await sockets[0]!.closed;
    // Assess
    expect(sockets[0]!.endedByClient).toBe(true);
  });

  it('keeps waiting for an answer slower than the idle socket timeout', async () => {
    // Prepare: the server answers only after the socket has been silent 3 times the timeout.
    const quickToIdle = createHttpFetch({ idleSocketTimeoutMs: 100 });
    handle = (_request, _body, response) => {
      setTimeout(() => response.end('late but here'), 300);
    };
    // Act
    const response = await quickToIdle(`${base}/slow`, { method: 'POST', body: '{}' });
    // Assess
    expect(await response.text()).toBe('late but here');
  });
});
