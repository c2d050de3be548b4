/**
 * The bridge as Lambda runs it, for bench/scale.ts: a few execution environments (bridge
 * processes, bench/lib/bridge-process.ts), each running one invocation at a time; an invocation
 * takes an idle one (the longest idle first) or waits for one. Lambda routes without regard to
 * which accounts an environment has warm, so this does not either. A pool of one runs every
 * invocation at once in its process: the harder case, where one process holds every shard in flight.
 */
import type { BridgeAnswer, BridgeRequest } from './bridge-process.ts';
import type { ChildComponent } from './child-process.ts';

type Environment = ChildComponent<BridgeRequest, BridgeAnswer, unknown>;
type Memory = Extract<BridgeAnswer, { kind: 'memory' }>;

export interface BridgePool {
  readonly size: number;
  invoke(toolName: string, event: Record<string, unknown>): Promise<{ json: string; bytes: number }>;
  /** The largest environment's memory (peak and current RSS), the CPU time of them all. */
  memory(): Promise<Memory>;
  stop(): Promise<void>;
}

/** `size` environments started by `start`; 1 runs every invocation in one process at once. */
export async function startBridgePool(size: number, start: () => Promise<Environment>): Promise<BridgePool> {
  const environments = await Promise.all(Array.from({ length: size }, start));
  const idle = [...environments];
  const waiting: ((environment: Environment) => void)[] = [];
  const acquire = (): Promise<Environment> =>
    size === 1
      ? Promise.resolve(environments[0]!)
      : new Promise((resolve) => {
          const environment = idle.shift();
          if (environment) resolve(environment);
          else waiting.push(resolve);
        });
  const release = (environment: Environment): void => {
    if (size === 1) return;
    const next = waiting.shift();
    if (next) next(environment);
    else idle.push(environment);
  };
  return {
    size,
    async invoke(toolName, event) {
      const environment = await acquire();
      try {
        const answer = await environment.ask({ kind: 'invoke', toolName, event });
        if (answer.kind !== 'answer') throw new Error('the bridge process answered no tool result');
        return answer;
      } finally {
        release(environment);
      }
    },
    async memory() {
      const all = await Promise.all(environments.map((environment) => environment.ask({ kind: 'memory' })));
      const memories = all.filter((answer): answer is Memory => answer.kind === 'memory');
      if (memories.length !== size) throw new Error('a bridge process did not say its memory');
      return {
        kind: 'memory',
        peakRssBytes: Math.max(...memories.map((memory) => memory.peakRssBytes)),
        rssBytes: Math.max(...memories.map((memory) => memory.rssBytes)),
        cpuMs: memories.reduce((sum, memory) => sum + memory.cpuMs, 0),
      };
    },
    async stop() {
      await Promise.all(environments.map((environment) => environment.stop()));
    },
  };
}
