import { describe, expect, it } from 'vitest';
import { parseCliCommand } from './cli.ts';
import { parseScript } from './script.ts';

describe('parseCliCommand', () => {
  it('reads shorthand filters, lists, JSON and --region as the AWS CLI does', () => {
    // Act
    const call = parseCliCommand(
      `aws ec2 describe-instances --instance-ids i-1 i-2 --filters "Name=tag:Name,Values=web*,api" Name=instance-state-name,Values=running --region eu-west-1 --output json`,
    );

    // Assess
    expect(call).toEqual({
      service: 'ec2',
      operation: 'describe-instances',
      region: 'eu-west-1',
      params: {
        InstanceIds: ['i-1', 'i-2'],
        Filters: [
          { Name: 'tag:Name', Values: ['web*', 'api'] },
          { Name: 'instance-state-name', Values: ['running'] },
        ],
      },
    });
  });

  it.each([
    ['a pipe', 'aws s3 ls | grep prod'],
    ['a command chain', 'aws sts get-caller-identity; rm -rf /'],
    ['a command not starting with aws', 'curl http://169.254.169.254/'],
  ])('refuses %s', (_case, command) => {
    // Act / Assess
    expect(() => parseCliCommand(command)).toThrow();
  });
});

describe('parseScript', () => {
  it('reads literal call_boto3 arguments and datetime arithmetic', () => {
    // Prepare
    const now = Date.UTC(2026, 10, 23, 9, 0, 0);
    const code = `from datetime import datetime, timedelta, timezone
# every erroring lambda
r = call_boto3(service_name="cloudwatch", operation_name="get_metric_statistics", region_name='us-west-2',
    params={'StartTime': datetime.now(timezone.utc) - timedelta(hours=1), 'Statistics': ['Sum'], 'Period': 300, 'Flag': True})`;

    // Act
    const [call] = parseScript(code, now);

    // Assess
    expect(call).toMatchObject({
      serviceName: 'cloudwatch',
      operationName: 'get_metric_statistics',
      regionName: 'us-west-2',
    });
    expect(JSON.parse(JSON.stringify(call!.params))).toEqual({
      StartTime: '2026-11-23T08:00:00.000Z',
      Statistics: ['Sum'],
      Period: 300,
      Flag: true,
    });
  });
});
