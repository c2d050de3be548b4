/**
 * AWS Health DescribeEvents: the account's events, all regions, from the global endpoint in
 * us-east-1 only (the Health API has no other regional endpoint here, as in AWS).
 */

import { isoSeconds } from './dataset.ts';
import { AwsApiError, ScriptError } from './errors.ts';
import type { Operation } from './operation.ts';
import { Params } from './params.ts';

export const HEALTH_REGION = 'us-east-1';

const describeEvents: Operation = ({ account, call, p, now }) => {
  if (call.region !== HEALTH_REGION) {
    throw new ScriptError(
      'EndpointConnectionError',
      `Could not connect to the endpoint URL: "https://health.${call.region}.amazonaws.com/"`,
    );
  }
  const filter = new Params((p.get('filter') ?? {}) as Record<string, unknown>);
  const statuses = filter.list('eventStatusCodes');
  const regions = filter.list('regions');
  const services = filter.list('services');
  const categories = filter.list('eventTypeCategories');
  const maxResults = Number(p.get('maxResults') ?? 100);
  if (!Number.isInteger(maxResults) || maxResults < 10 || maxResults > 100) {
    throw new AwsApiError('ValidationException', 'maxResults must be between 10 and 100.');
  }
  const events = account.global.healthEvents.filter(
    (e) =>
      (statuses.length === 0 || statuses.includes(e.statusCode)) &&
      (regions.length === 0 || regions.includes(e.region)) &&
      (services.length === 0 || services.includes(e.service)) &&
      (categories.length === 0 || categories.includes(e.eventTypeCategory)),
  );
  return {
    events: events.slice(0, maxResults).map(({ startAgo, endAgo, lastUpdatedAgo, ...event }) => ({
      ...event,
      startTime: isoSeconds(now - startAgo),
      ...(endAgo === undefined ? {} : { endTime: isoSeconds(now - endAgo) }),
      lastUpdatedTime: isoSeconds(now - lastUpdatedAgo),
    })),
  };
};

export const HEALTH_OPERATIONS: Record<string, Operation> = { DescribeEvents: describeEvents };
