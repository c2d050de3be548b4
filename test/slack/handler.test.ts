import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackWork } from '#bot/src/slack/work.ts';
import { type LocalDynamoDB, startLocalDynamoDB } from '#local/components/dynamodb.ts';
import { type SandboxAws, startSandboxAws } from '#local/sandbox-aws/index.ts';
import { appMention, SIGNING_SECRET, signedJson, TEAM } from '#local/stand-ins/slack-requests.ts';

/** Lambda's Invoke API on loopback: records each invocation and answers 202 as for `Event`. */
async function startLambdaInvokeStandIn() {
  const invocations: { path: string; headers: IncomingHttpHeaders; payload: unknown }[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    invocations.push({
      path: request.url ?? '',
      headers: request.headers,
      payload: JSON.parse(Buffer.concat(chunks).toString('utf8')),
    });
    response.writeHead(202, { 'x-amzn-requestid': 'local-request', 'content-type': 'application/json' });
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    invocations,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('bot/src/slack/handler.ts', () => {
  let db: LocalDynamoDB;
  let lambda: Awaited<ReturnType<typeof startLambdaInvokeStandIn>>;
  let aws: SandboxAws;
  const savedEnv = { ...process.env };
  beforeAll(async () => {
    [db, lambda, aws] = await Promise.all([
      startLocalDynamoDB(),
      startLambdaInvokeStandIn(),
      startSandboxAws({ accounts: [] }),
    ]);
    // As deployed: the function gets the secret's id and reads its value from Secrets Manager.
    aws.putSecret('centralops/slack-signing-secret', SIGNING_SECRET);
    Object.assign(process.env, db.env, aws.env, {
      AWS_ENDPOINT_URL_LAMBDA: lambda.url,
      SLACK_SIGNING_SECRET_SECRET_ID: 'centralops/slack-signing-secret',
      ALLOWED_WORKSPACES: `slack:${TEAM},teams:00000000-0000-0000-0000-0000000000aa`,
      WORKER_FUNCTION_NAME: 'centralops-slack-worker',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
  });
  afterAll(async () => {
    process.env = savedEnv;
    await Promise.all([db.stop(), lambda.stop(), aws.stop()]);
  });

  it('invokes the worker asynchronously with the question and acks 200, once per event', async () => {
    // Prepare
    const { handler } = await import('#bot/src/slack/handler.ts');
    const payload = appMention({ text: 'list ec2 in prod', ts: '1731901000.000100' });

    // Act
    const first = await handler(signedJson(payload), {});
    const retry = await handler(signedJson(payload, { headers: { 'X-Slack-Retry-Num': '1' } }), {});

    // Assess
    expect([first.statusCode, retry.statusCode]).toEqual([200, 200]);
    expect(aws.calls.secretsManager).toEqual(['centralops/slack-signing-secret']);
    expect(lambda.invocations).toHaveLength(1);
    const [invocation] = lambda.invocations;
    expect(invocation?.path).toBe('/2015-03-31/functions/centralops-slack-worker/invocations');
    expect(invocation?.headers['x-amz-invocation-type']).toBe('Event');
    expect(invocation?.payload as SlackWork).toMatchObject({
      kind: 'question',
      event: {
        platform: 'slack',
        workspaceId: TEAM,
        userId: 'U0ALICE',
        threadId: '1731901000.000100',
        text: 'list ec2 in prod',
      },
    });
  });
});
