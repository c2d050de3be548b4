/** Route 53: hosted zones (global). */
import { obj, records, str, summarizeItems } from './summaries.ts';
import type { ServiceSpec } from './types.ts';

export const route53: ServiceSpec = {
  service: 'route53',
  aliases: ['dns', 'r53', 'zones', 'route-53'],
  title: 'Route 53',
  resources: [
    {
      resource: 'zones',
      aliases: ['zone', 'hosted-zones', 'domains', 'records'],
      description: 'Route 53 hosted zones (global)',
      globalRegion: 'us-east-1',
      call: () => ({ service: 'route53', operation: 'ListHostedZones', params: {} }),
      summarize: (response, f) =>
        summarizeItems(
          records(response, 'HostedZones').map((z) => ({
            name: str(z.Name),
            private: obj(z.Config).PrivateZone === true,
            records: str(z.ResourceRecordSetCount, '?'),
          })),
          f,
          {
            name: (z) => z.name,
            line: (z) => `${z.name} ${z.private ? 'private' : 'public'} ${z.records} records`,
            noun: 'hosted zone',
          },
        ),
    },
  ],
};
