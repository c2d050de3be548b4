/**
 * What the sync makes of an event it is handed: the schedule's, or one of the AWS Organizations
 * events infra/ subscribes it to (ORGANIZATION_EVENT_PATTERN, contracts/registry-sync.ts).
 */
import { ORGANIZATION_EVENT_NAMES } from '#contracts/registry-sync.ts';

/** What set a sync off, for its logs: never trusted, never more than these checked fields. */
export interface SyncTrigger {
  readonly kind: 'schedule' | 'organization-event' | 'other';
  readonly eventName?: string;
  readonly accountId?: string;
}

const ACCOUNT_ID = /^\d{12}$/;

/** One queued EventBridge event (an SQS record's body) as a trigger; junk becomes `other`. */
export function describeTrigger(body: string): SyncTrigger {
  let event: { source?: unknown; 'detail-type'?: unknown; detail?: Record<string, unknown> };
  try {
    event = JSON.parse(body) as typeof event;
  } catch {
    return { kind: 'other' };
  }
  if (event?.source === 'aws.events' && event['detail-type'] === 'Scheduled Event')
    return { kind: 'schedule' };
  const eventName = event?.detail?.eventName;
  if (event?.source !== 'aws.organizations' || !ORGANIZATION_EVENT_NAMES.includes(eventName as never)) {
    return { kind: 'other' };
  }
  const detail = event.detail as {
    requestParameters?: { accountId?: unknown };
    serviceEventDetails?: { createAccountStatus?: { accountId?: unknown } };
  };
  const accountId =
    detail.requestParameters?.accountId ?? detail.serviceEventDetails?.createAccountStatus?.accountId;
  return {
    kind: 'organization-event',
    eventName: eventName as string,
    ...(typeof accountId === 'string' && ACCOUNT_ID.test(accountId) ? { accountId } : {}),
  };
}
