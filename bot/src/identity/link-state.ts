/**
 * The link flow's `state` parameter: `v1.<payload>.<hmac>`, HMAC-SHA256 (LINK_STATE_SECRET) over
 * the chat identity that asked, a nonce and an expiry. The signature proves we issued it and for
 * whom; the nonce record in the state table (see LinkStateStore) makes it single-use.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '#common/errors.ts';
import { isChatPlatformId } from '#contracts/chat-platforms.ts';
import { LinkStateError } from './errors.ts';
import type { ChatIdentity } from './identity-store.ts';

export interface LinkStatePayload extends ChatIdentity {
  readonly nonce: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

const VERSION = 'v1';
const MIN_SECRET_LENGTH = 32;

export function signLinkState(payload: LinkStatePayload, secret: string): string {
  assertSecret(secret);
  const body = Buffer.from(
    JSON.stringify({
      n: payload.nonce,
      p: payload.platform,
      w: payload.workspaceId,
      u: payload.userId,
      e: payload.expiresAt,
    }),
  ).toString('base64url');
  return `${VERSION}.${body}.${mac(`${VERSION}.${body}`, secret)}`;
}

/** Checks format, signature and expiry; throws LinkStateError naming the failed check. */
export function verifyLinkState(state: string, secret: string, now: number): LinkStatePayload {
  assertSecret(secret);
  const [version, body, signature, ...rest] = state.split('.');
  if (version !== VERSION || !body || !signature || rest.length > 0) {
    throw new LinkStateError('malformed', 'The link state is malformed');
  }
  const expected = Buffer.from(mac(`${version}.${body}`, secret));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new LinkStateError('signature', 'The link state signature is invalid');
  }
  const payload = parse(body);
  if (payload.expiresAt <= now) throw new LinkStateError('expired', 'The link has expired');
  return payload;
}

function parse(body: string): LinkStatePayload {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch (error) {
    throw new LinkStateError('malformed', 'The link state payload is not JSON', { cause: error });
  }
  const { n, p, w, u, e } = raw;
  if (
    typeof n !== 'string' ||
    typeof w !== 'string' ||
    typeof u !== 'string' ||
    typeof e !== 'number' ||
    !isChatPlatformId(p)
  ) {
    throw new LinkStateError('malformed', 'The link state payload is incomplete');
  }
  return { nonce: n, platform: p, workspaceId: w, userId: u, expiresAt: e };
}

function mac(data: string, secret: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}

function assertSecret(secret: string): void {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`LINK_STATE_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
  }
}
