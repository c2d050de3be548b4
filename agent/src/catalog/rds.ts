/** RDS: DB instances and Aurora/RDS clusters. */
import { records, str, summarizeItems } from './summaries.ts';
import type { ServiceSpec } from './types.ts';

export const rds: ServiceSpec = {
  service: 'rds',
  aliases: ['databases', 'database', 'aurora'],
  title: 'RDS',
  resources: [
    {
      resource: 'instances',
      aliases: ['instance', 'databases', 'dbs', 'db'],
      description: 'RDS DB instances with engine and status',
      states: ['available', 'stopped', 'creating', 'modifying', 'backing-up'],
      call: () => ({ service: 'rds', operation: 'DescribeDBInstances', params: {} }),
      summarize: (response, f) =>
        summarizeItems(
          records(response, 'DBInstances')
            .map((d) => ({
              id: str(d.DBInstanceIdentifier),
              engine: str(d.Engine),
              status: str(d.DBInstanceStatus, 'unknown'),
              cls: str(d.DBInstanceClass),
            }))
            // DescribeDBInstances has no status filter: the state word is applied here.
            .filter((d) => !f.state || d.status === f.state),
          f,
          {
            name: (d) => d.id,
            line: (d) => `${d.id} ${d.engine} ${d.status} ${d.cls}`,
            noun: 'DB instance',
            state: (d) => d.status,
          },
        ),
    },
    {
      resource: 'clusters',
      aliases: ['cluster', 'aurora'],
      description: 'RDS/Aurora DB clusters',
      call: () => ({ service: 'rds', operation: 'DescribeDBClusters', params: {} }),
      summarize: (response, f) =>
        summarizeItems(
          records(response, 'DBClusters').map((c) => ({
            id: str(c.DBClusterIdentifier),
            engine: str(c.Engine),
            status: str(c.Status, 'unknown'),
          })),
          f,
          { name: (c) => c.id, line: (c) => `${c.id} ${c.engine} ${c.status}`, noun: 'DB cluster' },
        ),
    },
  ],
};
