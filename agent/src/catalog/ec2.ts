/** EC2: instances, VPCs, volumes, security groups. */
import { listResource, obj, records, str, summarizeItems, tag } from './summaries.ts';
import type { ServiceSpec } from './types.ts';

const EC2_STATES = ['running', 'stopped', 'pending', 'stopping', 'terminated'] as const;

export const ec2: ServiceSpec = {
  service: 'ec2',
  aliases: ['instances', 'vms', 'servers', 'compute'],
  title: 'EC2',
  resources: [
    {
      resource: 'instances',
      aliases: ['instance', 'vms', 'vm', 'servers', 'server', 'hosts'],
      description: 'EC2 instances with state and type',
      states: EC2_STATES,
      shape: {
        items: 'Reservations[].Instances[]',
        fields: ['InstanceId', 'InstanceType', 'State.Name', 'Tags[Key=Name]'],
        countBy: 'State.Name',
        nameFields: ['Tags[Key=Name].Value', 'InstanceId'],
        noun: 'instance',
      },
      call: (f) => ({
        service: 'ec2',
        operation: 'DescribeInstances',
        params: f.state ? { Filters: [{ Name: 'instance-state-name', Values: [f.state] }] } : {},
      }),
      summarize: (response, f) =>
        summarizeItems(
          records(response, 'Reservations')
            .flatMap((r) => records(r, 'Instances'))
            .map((i) => ({
              id: str(i.InstanceId),
              name: tag(i, 'Name') ?? '',
              state: str(obj(i.State).Name, 'unknown'),
              type: str(i.InstanceType),
            })),
          f,
          {
            name: (i) => `${i.name} ${i.id}`,
            line: (i) => `${i.name ? `${i.name} ` : ''}${i.id} ${i.state} ${i.type}`,
            noun: 'instance',
            state: (i) => i.state,
          },
        ),
    },
    {
      resource: 'vpcs',
      aliases: ['vpc', 'networks'],
      description: 'VPCs and their CIDR blocks',
      call: () => ({ service: 'ec2', operation: 'DescribeVpcs', params: {} }),
      summarize: (response, f) =>
        summarizeItems(
          records(response, 'Vpcs').map((v) => ({
            id: str(v.VpcId),
            name: tag(v, 'Name') ?? '',
            cidr: str(v.CidrBlock),
            isDefault: v.IsDefault === true,
          })),
          f,
          {
            name: (v) => `${v.name} ${v.id}`,
            line: (v) => `${v.name ? `${v.name} ` : ''}${v.id} ${v.cidr}${v.isDefault ? ' (default)' : ''}`,
            noun: 'VPC',
          },
        ),
    },
    {
      resource: 'volumes',
      aliases: ['volume', 'ebs', 'disks'],
      description: 'EBS volumes with size and state',
      states: ['available', 'in-use'],
      shape: {
        items: 'Volumes[]',
        fields: ['VolumeId', 'Size', 'State'],
        countBy: 'State',
        nameFields: ['VolumeId'],
        noun: 'volume',
      },
      call: (f) => ({
        service: 'ec2',
        operation: 'DescribeVolumes',
        params: f.state ? { Filters: [{ Name: 'status', Values: [f.state] }] } : {},
      }),
      summarize: (response, f) =>
        summarizeItems(
          records(response, 'Volumes').map((v) => ({
            id: str(v.VolumeId),
            size: str(v.Size),
            state: str(v.State, 'unknown'),
          })),
          f,
          {
            name: (v) => v.id,
            line: (v) => `${v.id} ${v.size} GiB ${v.state}`,
            noun: 'volume',
            state: (v) => v.state,
          },
        ),
    },
    listResource({
      resource: 'security-groups',
      aliases: ['sg', 'sgs', 'securitygroups', 'groups'],
      description: 'security groups',
      lists: 'ec2.DescribeSecurityGroups',
      names: (response) =>
        records(response, 'SecurityGroups').map((g) => `${str(g.GroupName)} ${str(g.GroupId)}`),
      noun: 'security group',
    }),
  ],
};
