/** `npm run build`: every Lambda and the agent bundled into `dist/` (the bundling itself: infra/lib/bundles.ts). */
import { buildBundles, formatReport } from '#infra/lib/bundles.ts';

const started = performance.now();
const report = await buildBundles();
console.log(formatReport(report));
console.log(`built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
if (report.missing.length > 0) {
  console.warn(`missing entry points (not fatal until they land): ${report.missing.join(', ')}`);
}
