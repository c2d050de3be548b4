/** CloudTrail LookupEvents over the region's write events (management events), newest first. */

import { isoSeconds } from './dataset.ts';
import { AwsApiError } from './errors.ts';
import type { Operation, OperationInput } from './operation.ts';
import { Params, pageOf } from './params.ts';
import type { TrailEvent } from './types.ts';

const LOOKUP_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const;
/** LookupEvents reads the last 90 days. */
const HISTORY_MS = 90 * 86_400_000;

function matches(event: TrailEvent, key: string, value: string): boolean {
  switch (key) {
    case 'ReadOnly':
      return value === 'false';
    case 'ResourceType':
      return event.Resources.some((r) => r.ResourceType === value);
    case 'ResourceName':
      return event.Resources.some((r) => r.ResourceName === value);
    default:
      return String(event[key as keyof TrailEvent]) === value;
  }
}

/** The event's record as CloudTrail writes it (the `CloudTrailEvent` JSON string). */
function record(event: TrailEvent, at: number, { call }: OperationInput): string {
  const accountId = call.caller.accountId;
  const identity = event.userIdentity;
  const userIdentity =
    identity.type === 'AWSService'
      ? { type: 'AWSService', invokedBy: identity.invokedBy }
      : identity.type === 'IAMUser'
        ? {
            type: 'IAMUser',
            principalId: `AIDA${event.EventId.replace(/-/g, '').slice(0, 17).toUpperCase()}`,
            arn: identity.arn,
            accountId,
            accessKeyId: event.AccessKeyId,
            userName: event.Username,
          }
        : {
            type: 'AssumedRole',
            principalId: `AROA${event.EventId.replace(/-/g, '').slice(0, 17).toUpperCase()}:${event.Username}`,
            arn: identity.arn,
            accountId,
            accessKeyId: event.AccessKeyId,
            sessionContext: {
              sessionIssuer: {
                type: 'Role',
                arn: `arn:aws:iam::${accountId}:role/${identity.roleName}`,
                accountId,
                userName: identity.roleName,
              },
              attributes: { creationDate: isoSeconds(at - 600_000), mfaAuthenticated: 'false' },
              ...(identity.sourceIdentity ? { sourceIdentity: identity.sourceIdentity } : {}),
            },
          };
  return JSON.stringify({
    eventVersion: '1.10',
    userIdentity,
    eventTime: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: event.EventSource,
    eventName: event.EventName,
    awsRegion: call.region,
    sourceIPAddress: event.sourceIPAddress,
    userAgent: event.userAgent,
    requestParameters: event.Resources[0] ? { resource: event.Resources[0].ResourceName } : null,
    responseElements: null,
    eventID: event.EventId,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
  });
}

const lookupEvents: Operation = (input) => {
  const { data, p, now } = input;
  const attributes = p.records('LookupAttributes');
  if (attributes.length > 1) {
    throw new AwsApiError(
      'InvalidLookupAttributesException',
      'You cannot have more than one lookup attribute.',
    );
  }
  const attribute = attributes[0] ? new Params(attributes[0]) : undefined;
  const key = attribute?.string('AttributeKey');
  const value = attribute?.string('AttributeValue') ?? '';
  if (attribute && !LOOKUP_KEYS.includes(key as (typeof LOOKUP_KEYS)[number])) {
    throw new AwsApiError('InvalidLookupAttributesException', `Lookup attribute key ${key} is not valid.`);
  }
  const start = p.time('StartTime', false) ?? now - HISTORY_MS;
  const end = p.time('EndTime', false) ?? now;
  if (start > end) throw new AwsApiError('InvalidTimeRangeException', 'Start time must be before end time.');
  const maxResults = Number(p.get('MaxResults') ?? 50);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50) {
    throw new AwsApiError('InvalidMaxResultsException', 'MaxResults must be between 1 and 50.');
  }
  const found = data.trailEvents
    .map((event) => ({ event, at: now - event.ago }))
    .filter(({ event, at }) => at >= start && at <= end && (!key || matches(event, key, value)))
    .sort((a, b) => b.at - a.at);
  const { page, next } = pageOf(found, p, maxResults, 'NextToken');
  return {
    Events: page.map(({ event, at }) => ({
      EventId: event.EventId,
      EventName: event.EventName,
      ReadOnly: 'false',
      ...(event.AccessKeyId ? { AccessKeyId: event.AccessKeyId } : {}),
      EventTime: isoSeconds(at),
      EventSource: event.EventSource,
      Username: event.Username,
      Resources: event.Resources,
      CloudTrailEvent: record(event, at, input),
    })),
    ...(next ? { NextToken: next } : {}),
  };
};

export const CLOUDTRAIL_OPERATIONS: Record<string, Operation> = { LookupEvents: lookupEvents };
