/** ECS services (desired/running/pending, deployments, events) and their task definitions. */

import { isoSeconds } from './dataset.ts';
import { AwsApiError } from './errors.ts';
import type { Operation, OperationInput } from './operation.ts';
import type { EcsService } from './types.ts';

function clusterOf({ data, p }: OperationInput) {
  const name = p.string('cluster') ?? 'default';
  const cluster = data.ecsClusters.find((c) => c.clusterName === name || c.clusterArn === name);
  if (!cluster) throw new AwsApiError('ClusterNotFoundException', 'Cluster not found.', 400);
  return cluster;
}

function describeService(service: EcsService, now: number) {
  const deployedAt = isoSeconds(now - service.deployedAgo);
  return {
    serviceArn: service.serviceArn,
    serviceName: service.serviceName,
    clusterArn: service.clusterArn,
    loadBalancers: [],
    status: 'ACTIVE',
    desiredCount: service.desiredCount,
    runningCount: service.runningCount,
    pendingCount: service.pendingCount,
    launchType: 'FARGATE',
    platformVersion: 'LATEST',
    taskDefinition: service.taskDefinition,
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
    },
    deployments: [
      {
        id: `ecs-svc/${service.serviceArn.length}${service.deployedAgo}`.slice(0, 28),
        status: 'PRIMARY',
        taskDefinition: service.taskDefinition,
        desiredCount: service.desiredCount,
        pendingCount: service.pendingCount,
        runningCount: service.runningCount,
        failedTasks: service.runningCount < service.desiredCount ? 3 : 0,
        createdAt: deployedAt,
        updatedAt: isoSeconds(now - (service.events[0]?.ago ?? service.deployedAgo)),
        launchType: 'FARGATE',
        rolloutState: service.rolloutState,
        rolloutStateReason:
          service.rolloutState === 'COMPLETED'
            ? 'ECS deployment ecs-svc completed.'
            : 'ECS deployment ecs-svc in progress.',
      },
    ],
    events: service.events.map((e) => ({ id: e.id, createdAt: isoSeconds(now - e.ago), message: e.message })),
    createdAt: deployedAt,
    schedulingStrategy: 'REPLICA',
    networkConfiguration: { awsvpcConfiguration: { assignPublicIp: 'DISABLED' } },
    enableECSManagedTags: true,
    propagateTags: 'SERVICE',
  };
}

export const ECS_DIAGNOSTICS_OPERATIONS: Record<string, Operation> = {
  DescribeServices: (input) => {
    const cluster = clusterOf(input);
    const wanted = input.p.list('services');
    if (wanted.length === 0 || wanted.length > 10) {
      throw new AwsApiError('InvalidParameterException', 'services must hold 1 to 10 names or ARNs.');
    }
    const services = input.data.ecsServices.filter((s) => s.clusterArn === cluster.clusterArn);
    const found = wanted.map((w) => services.find((s) => s.serviceName === w || s.serviceArn === w));
    return {
      services: found
        .filter((s): s is EcsService => s !== undefined)
        .map((s) => describeService(s, input.now)),
      failures: wanted
        .filter((_w, i) => found[i] === undefined)
        .map((w) => ({
          arn: w.startsWith('arn:')
            ? w
            : `arn:aws:ecs:${input.call.region}:${input.call.caller.accountId}:service/${cluster.clusterName}/${w}`,
          reason: 'MISSING',
        })),
    };
  },
  DescribeTaskDefinition: ({ data, p, call }) => {
    const wanted = p.string('taskDefinition') ?? '';
    const service = data.ecsServices.find(
      (s) => s.taskDefinition === wanted || s.taskDefinition.endsWith(`/${wanted}`),
    );
    if (!service) throw new AwsApiError('ClientException', 'Unable to describe task definition.');
    const [family, revision] = (service.taskDefinition.split('/').at(-1) ?? '').split(':');
    return {
      taskDefinition: {
        taskDefinitionArn: service.taskDefinition,
        family,
        revision: Number(revision),
        status: 'ACTIVE',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '512',
        memory: '1024',
        containerDefinitions: [
          {
            name: service.serviceName,
            image: `${call.caller.accountId}.dkr.ecr.${call.region}.amazonaws.com/${service.serviceName}:${revision}`,
            essential: true,
            portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
            logConfiguration: {
              logDriver: 'awslogs',
              options: {
                'awslogs-group': service.logGroup,
                'awslogs-region': call.region,
                'awslogs-stream-prefix': 'ecs',
              },
            },
          },
        ],
      },
    };
  },
};
