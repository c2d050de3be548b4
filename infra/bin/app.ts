/**
 * The CentralOps CDK app: `npm run synth` / `npm run deploy`. Bundles every Lambda and the agent
 * first (scripts/build.ts, the one bundling definition), then adds the central stacks.
 */
import { App } from 'aws-cdk-lib';
import { buildBundles, formatReport } from '../lib/bundles.ts';
import { addCentralOpsStacks } from '../lib/centralops-app.ts';
import { loadConfig, PLACEHOLDER_ORG_ID, SAMPLE_ORGANIZATION_REGISTRY } from '../lib/config.ts';
import { applyNag } from '../lib/nag.ts';

const app = new App();
const config = loadConfig(app.node);
const build = await buildBundles();
// stderr: synth's stdout may be a template.
console.error(formatReport(build));
if (build.missing.length > 0) {
  console.error(`WARNING entry points missing, stubbed: ${build.missing.join(', ')}`);
}
if (config.orgId === PLACEHOLDER_ORG_ID) {
  console.error('WARNING context orgId is not set: the bridge can assume no member role until it is');
}
if (config.registryDir === SAMPLE_ORGANIZATION_REGISTRY) {
  console.error(
    'WARNING context registryDir is not set: the registry sync deploys with the sandbox sample rules (registry-seed/sample-organization)',
  );
}
addCentralOpsStacks(app, config, build);
applyNag(app);
app.synth();
