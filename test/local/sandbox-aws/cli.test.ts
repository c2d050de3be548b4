import { describe, expect, it } from 'vitest';
import { renderScript } from '#bridge/src/render-script.ts';
import { parseCliCommand } from '#local/sandbox-aws/cli.ts';
import { parseScript } from '#local/sandbox-aws/script.ts';

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
  it("reads the calls of a script in the bridge's template, escapes and all", () => {
    // Prepare
    const params = { Filters: [{ Name: 'tag:Name', Values: ['a"b\\c', 'é\n{#}', '\u{1f600}'] }] };
    const code = renderScript(
      [{ service: 'ec2', operation: 'DescribeInstances', params, pages: 1 }],
      'us-west-2',
    );

    // Act
    const [call] = parseScript(code);

    // Assess
    expect(call).toEqual({
      service: 'ec2',
      operation: 'DescribeInstances',
      region: 'us-west-2',
      params,
      pages: 1,
      paging: null,
    });
  });

  it('answers a script error for a script outside the template', () => {
    // Act / Assess
    expect(() => parseScript("call_boto3(service_name='ec2', operation_name='DescribeInstances')")).toThrow(
      "CentralOps' call template",
    );
  });
});
