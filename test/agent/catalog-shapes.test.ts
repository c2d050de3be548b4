import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Filters, type ResourceSpec, SERVICE_CATALOG } from '#agent/src/catalog/index.ts';
import { type ShapedAnswer, shapeFor, summarizeShaped } from '#agent/src/catalog/summaries.ts';
import { bridgeEntries } from '#agent/src/tool-results.ts';
import { awsPayload } from '#contracts/aws-mcp-result.ts';
import { BRIDGE_TOOLS } from '#contracts/bridge-tools/index.ts';
import { type BridgeHarness, startBridgeHarness } from '../bridge/harness.ts';

/** The shaped resources the sandbox answers (it has no EBS volumes). */
const SHAPED = SERVICE_CATALOG.flatMap((service) =>
  service.resources
    .filter((resource) => resource.shape && `${service.service} ${resource.resource}` !== 'ec2 volumes')
    .map((resource) => [`${service.service} ${resource.resource}`, resource] as const),
);

describe('catalog shapes', () => {
  let bridge: BridgeHarness;
  beforeAll(async () => {
    bridge = await startBridgeHarness({ accountCount: 4 });
  });
  afterAll(async () => {
    await bridge.stop();
  });

  it('covers the resources that list many items', () => {
    expect(SHAPED.map(([name]) => name)).toEqual([
      'ec2 instances',
      's3 buckets',
      'lambda functions',
      'iam users',
      'iam roles',
    ]);
  });

  it.each(
    SERVICE_CATALOG.flatMap((s) =>
      s.resources.filter((r) => r.shape).map((r) => [`${s.service} ${r.resource}`, r]),
    ),
  )('asks %s for a shape the bridge takes', (_name, resource) => {
    const event = {
      all: true,
      calls: [{ service: 'ec2', operation: 'DescribeInstances' }],
      requested_by: 'alice',
      shape: shapeFor((resource as ResourceSpec).shape!, { name: 'web' }),
    };
    expect(BRIDGE_TOOLS.query_accounts.input.safeParse(event).success).toBe(true);
  });

  describe.each(SHAPED)('%s', (_name, resource) => {
    const answers = async (filters: Filters) => {
      const call = resource.call(filters, new Date());
      const ask = (shape?: unknown) =>
        bridge.invoke('query_accounts', {
          all: true,
          calls: [call],
          ...(resource.globalRegion ? { regions: [resource.globalRegion] } : {}),
          ...(shape ? { shape } : {}),
          requested_by: 'alice',
        });
      const [whole, shaped] = await Promise.all([ask(), ask(shapeFor(resource.shape!, filters))]);
      return {
        whole: bridgeEntries(whole).map((entry) => resource.summarize(awsPayload(entry.result), filters)),
        shaped: bridgeEntries(shaped).map((entry) =>
          summarizeShaped(resource, entry.shaped as ShapedAnswer, filters),
        ),
      };
    };

    it('summarizes a shaped answer as it summarizes the whole response', async () => {
      // Act
      const { whole, shaped } = await answers({});
      // Assess
      expect(shaped.length).toBeGreaterThan(0);
      expect(shaped).toEqual(whole);
    });

    it('finds the same items by name in the bridge as in the whole response', async () => {
      // Prepare: a fragment of a name the sandbox gives one of them.
      const first = (await answers({})).whole.find((summary) => summary.lines.length > 0)!.lines[0]!;
      const name = first.split(' ')[0]!.slice(1, 6);
      // Act
      const { whole, shaped } = await answers({ name });
      // Assess
      expect(shaped).toEqual(whole);
      expect(shaped.some((summary) => (summary.tally?.total ?? 0) > 0)).toBe(true);
    });
  });
});
