import type { OutputStream } from './seed/progress-printer.ts';

/** What the seeding CLI writes to and reads: the process's streams and environment, or a test's. */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly env: NodeJS.ProcessEnv;
}
