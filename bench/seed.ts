/**
 * Seed throughput: 5,000 generated accounts into dynalite (accounts/s) with 4 batches in flight
 * and, side by side, with 1; then the idempotent second run (reads and diffs, writes nothing).
 * Run: npx tsx bench/seed.ts [count]
 */

import { startLocalDynamoDB } from '#local/components/dynamodb.ts';
import { generateRegistry } from '#local/generate-registry.ts';
import { seedRegistry } from '#registry-seed/src/index.ts';

const count = Number(process.argv[2] ?? 5_000);
const registry = generateRegistry(count);
const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);

async function run(concurrency: number) {
  const db = await startLocalDynamoDB();
  try {
    const first = await seedRegistry(db.documentClient, registry, { concurrency });
    const second = await seedRegistry(db.documentClient, registry, { concurrency });
    return { first, second };
  } finally {
    await db.stop();
  }
}

console.log(`seed ${count} generated accounts into dynalite (BatchWriteItem, 25 items per batch)`);
const serial = await run(1);
const parallel = await run(4);
for (const [label, { first, second }] of [
  ['1 batch in flight ', serial],
  ['4 batches in flight', parallel],
] as const) {
  console.log(
    `  ${label}: first run ${first.written} written in ${first.durationMs.toFixed(0)} ms = ${rate(first.written, first.durationMs)} accounts/s; ` +
      `second run ${second.written} written in ${second.durationMs.toFixed(0)} ms (idempotent)`,
  );
}
console.log(
  `  speed-up of 4 in flight over 1: ${(serial.first.durationMs / parallel.first.durationMs).toFixed(2)}x`,
);
console.log(
  `  second run / first run time (4 in flight): ${(parallel.second.durationMs / parallel.first.durationMs).toFixed(2)}`,
);
