/**
 * A bench component in a process of its own (the sandbox AWS, the bridge), so its CPU work does
 * not share the event loop of what is measured, asked over IPC: each request is answered by id,
 * so many may be in flight. `serveParent` is the child's side.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';

interface Envelope<T> {
  readonly id: number;
  readonly body: T;
}

export interface ChildComponent<Request, Answer, Ready> {
  /** What the child said once it was up. */
  readonly ready: Ready;
  /** The child's process id, to read its memory from outside if needed. */
  readonly pid: number | undefined;
  ask(request: Request): Promise<Answer>;
  /** Ends the child and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Forks `module` with `env` added, and waits for its ready message: TypeScript through tsx, a
 * bundle (`.mjs`) as node runs it in production.
 */
export async function startChild<Request, Answer, Ready>(
  module: URL,
  env: Record<string, string>,
): Promise<ChildComponent<Request, Answer, Ready>> {
  const child: ChildProcess = fork(module, {
    execArgv: module.pathname.endsWith('.ts') ? ['--import', 'tsx'] : [],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // A child that fails to start exits instead of saying it is ready.
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${module.pathname} exited with code ${code} before it was ready`);
  });
  const [ready] = (await Promise.race([once(child, 'message'), exited])) as [Ready];
  exited.catch(() => undefined);
  const waiting = new Map<number, (answer: Answer) => void>();
  let next = 0;
  child.on('message', (message: Envelope<Answer>) => {
    waiting.get(message.id)?.(message.body);
    waiting.delete(message.id);
  });
  return {
    ready,
    pid: child.pid,
    ask: (request) =>
      new Promise<Answer>((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        child.send({ id, body: request } satisfies Envelope<Request>);
      }),
    async stop() {
      const exited = once(child, 'exit');
      child.send({ id: -1, body: 'stop' });
      await exited;
    },
  };
}

/**
 * The child's side: says it is ready, answers each request, exits when told to stop, and exits
 * as soon as the parent is gone.
 */
export function serveParent<Request, Answer>(
  ready: unknown,
  answer: (request: Request) => Promise<Answer>,
  stop: () => Promise<void>,
): void {
  if (!process.send) throw new Error('this module runs forked by a bench, with an IPC channel');
  // The IPC channel closes however the parent ends (done, thrown before its `finally`, killed),
  // so this one listener stops every child a failed bench leaves behind. Exit without `stop`:
  // nobody waits for it, the OS frees the ports, and a peer's open connection could hang it.
  process.on('disconnect', () => process.exit(0));
  if (!process.connected) process.exit(0);
  process.on('message', (message: Envelope<Request | 'stop'>) => {
    if (message.body === 'stop') {
      void stop().then(() => process.exit(0));
      return;
    }
    void answer(message.body).then((body) => process.send?.({ id: message.id, body }));
  });
  process.send(ready);
}

/** CPU time this process has used so far, user and system, in ms. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
