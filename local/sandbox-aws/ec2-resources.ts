/**
 * EC2 resources around the instances (their volumes, network interfaces, subnets, VPC and the
 * region's security group), derived from the instances so ids agree with DescribeInstances.
 */

import { securityGroupId } from './diagnostics-data.ts';
import { AwsApiError } from './errors.ts';
import type { Operation, OperationInput } from './operation.ts';
import { hash32 } from './random.ts';
import type { Ec2Instance } from './types.ts';

function derivedId(prefix: string, instance: Ec2Instance): string {
  const part = (salt: string) => hash32(`${instance.InstanceId}:${salt}`).toString(16).padStart(8, '0');
  return `${prefix}-0${part(prefix)}${part(`${prefix}2`)}`;
}

/** Items whose id is asked (all when none is), or the EC2 NotFound error naming the missing ones. */
function select<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  asked: readonly string[],
  code: string,
  noun: string,
): T[] {
  const missing = asked.filter((id) => !items.some((item) => idOf(item) === id));
  if (missing.length > 0) throw new AwsApiError(code, `The ${noun} '${missing.join(', ')}' does not exist`);
  return asked.length === 0 ? [...items] : items.filter((item) => asked.includes(idOf(item)));
}

function volumes({ data }: OperationInput) {
  return data.instances.map((i) => ({
    VolumeId: derivedId('vol', i),
    Size: 8 + (hash32(i.InstanceId) % 8) * 16,
    AvailabilityZone: i.Placement.AvailabilityZone,
    State: 'in-use',
    VolumeType: 'gp3',
    Iops: 3000,
    Encrypted: true,
    CreateTime: i.LaunchTime,
    Attachments: [
      {
        InstanceId: i.InstanceId,
        Device: '/dev/xvda',
        State: 'attached',
        DeleteOnTermination: true,
        VolumeId: derivedId('vol', i),
      },
    ],
    Tags: i.Tags.filter((t) => t.Key === 'Name'),
  }));
}

export const EC2_RESOURCE_OPERATIONS: Record<string, Operation> = {
  DescribeVolumes: (input) => ({
    Volumes: select(
      volumes(input),
      (v) => v.VolumeId,
      input.p.list('VolumeIds'),
      'InvalidVolume.NotFound',
      'volume',
    ),
  }),
  DescribeNetworkInterfaces: ({ data, p, call }) => ({
    NetworkInterfaces: select(
      data.instances,
      (i) => derivedId('eni', i),
      p.list('NetworkInterfaceIds'),
      'InvalidNetworkInterfaceID.NotFound',
      'networkInterface ID',
    ).map((i) => ({
      NetworkInterfaceId: derivedId('eni', i),
      AvailabilityZone: i.Placement.AvailabilityZone,
      Description: 'Primary network interface',
      InterfaceType: 'interface',
      PrivateIpAddress: i.PrivateIpAddress,
      Status: 'in-use',
      SubnetId: i.SubnetId,
      VpcId: i.VpcId,
      Attachment: { InstanceId: i.InstanceId, Status: 'attached', DeviceIndex: 0 },
      Groups: [
        {
          GroupId: securityGroupId({ accountId: call.caller.accountId, region: call.region }),
          GroupName: 'app',
        },
      ],
      TagSet: [],
    })),
  }),
  DescribeSubnets: ({ data, p }) => ({
    Subnets: select(
      [...new Map(data.instances.map((i) => [i.SubnetId, i])).values()],
      (i) => i.SubnetId,
      p.list('SubnetIds'),
      'InvalidSubnetID.NotFound',
      'subnet ID',
    ).map((i, index) => ({
      SubnetId: i.SubnetId,
      VpcId: i.VpcId,
      AvailabilityZone: i.Placement.AvailabilityZone,
      CidrBlock: `10.0.${index * 16}.0/20`,
      AvailableIpAddressCount: 4000 - (hash32(i.SubnetId) % 200),
      State: 'available',
      MapPublicIpOnLaunch: false,
      Tags: [{ Key: 'Name', Value: `private-${i.Placement.AvailabilityZone}` }],
    })),
  }),
  DescribeVpcs: ({ data, p, account }) => ({
    Vpcs: select(
      [...new Set(data.instances.map((i) => i.VpcId))],
      (id) => id,
      p.list('VpcIds'),
      'InvalidVpcID.NotFound',
      'vpc ID',
    ).map((id) => ({
      VpcId: id,
      CidrBlock: '10.0.0.0/16',
      State: 'available',
      IsDefault: false,
      Tags: [{ Key: 'Name', Value: `${account.name}-vpc` }],
    })),
  }),
  DescribeSecurityGroups: ({ data, p, call, account }) => {
    const vpcId = data.instances[0]?.VpcId;
    const groups = vpcId ? [securityGroupId({ accountId: call.caller.accountId, region: call.region })] : [];
    return {
      SecurityGroups: select(
        groups,
        (id) => id,
        p.list('GroupIds'),
        'InvalidGroup.NotFound',
        'security group',
      ).map((id) => ({
        GroupId: id,
        GroupName: 'app',
        Description: `Application instances of ${account.name}`,
        VpcId: vpcId,
        OwnerId: call.caller.accountId,
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] },
          { IpProtocol: 'tcp', FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: '10.0.0.0/16' }] },
        ],
        IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
        Tags: [{ Key: 'Name', Value: 'app' }],
      })),
    };
  },
};
