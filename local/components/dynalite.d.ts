// dynalite ships no types: the slice of its API that dynamodb.ts uses.
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** Time tables stay in CREATING/DELETING/UPDATING state. @default 500 */
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    /** LevelDB directory; in memory (memory-level) when absent. */
    path?: string;
  }

  export default function dynalite(options?: DynaliteOptions): Server;
}
