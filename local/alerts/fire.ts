/**
 * Fires a sample alert through the local notifier, as a member account's rule would: the account
 * named by id, name or alias (default: the registry's first), the sample event of that source
 * about what the sandbox has there.
 */
import { CentralOpsError } from '#common/errors.ts';
import { type AlertSourceId, isAlertSourceId } from '#contracts/alert-sources.ts';
import type { Account } from '#contracts/registry.ts';
import type { SandboxAws } from '../sandbox-aws/index.ts';
import type { LocalAlertNotifier } from './notifier.ts';
import { sampleAlertEvent } from './sample-events.ts';

export interface FireRequest {
  readonly kind: string;
  /** Id, name or alias. @default the first account */
  readonly account?: string;
  /** `OK` resolves (alarm OK, finding archived, Health event closed). @default 'ALARM' */
  readonly state?: string;
}

export interface FireResult {
  readonly eventId: string;
  readonly kind: AlertSourceId;
  readonly account: string;
  readonly routed: readonly { readonly alert: string; readonly channels: readonly string[] }[];
  readonly dropped: readonly string[];
}

/** A request the sample cannot be fired for: an unknown kind, account or state. */
export class FireRequestError extends CentralOpsError {}

export async function fireSampleAlert(
  request: FireRequest,
  context: {
    readonly notifier: LocalAlertNotifier;
    readonly accounts: readonly Account[];
    readonly sandbox?: SandboxAws;
  },
): Promise<FireResult> {
  if (!isAlertSourceId(request.kind)) {
    throw new FireRequestError(
      `unknown alert kind "${request.kind}": alarm, health, guardduty or securityhub`,
    );
  }
  const wanted = request.account?.toLowerCase();
  const account = wanted
    ? context.accounts.find(
        (a) => a.id === wanted || a.name.toLowerCase() === wanted || a.aliases.includes(wanted),
      )
    : context.accounts[0];
  if (!account) throw new FireRequestError(`no account has the id, name or alias "${request.account}"`);
  if (request.state !== undefined && request.state !== 'ALARM' && request.state !== 'OK') {
    throw new FireRequestError(`state must be ALARM or OK, got "${request.state}"`);
  }
  const event = sampleAlertEvent(request.kind, {
    account: account.id,
    ...(request.state ? { state: request.state } : {}),
    ...(context.sandbox ? { dataset: context.sandbox.dataset(account.id) } : {}),
  });
  const routed = await context.notifier.put(event);
  return {
    eventId: String(event.id),
    kind: request.kind,
    account: account.id,
    routed: routed?.routed ?? [],
    dropped: routed ? routed.dropped : ['no rule of the bus matches it'],
  };
}
