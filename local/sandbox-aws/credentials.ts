/** Who may sign requests to the sandbox: the central account's long-term keys and the session credentials STS issued. */
import { randomBytes } from 'node:crypto';

export interface LongTermCredentials {
  readonly kind: 'long-term';
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly accountId: string;
  readonly arn: string;
}

export interface SessionCredentials {
  readonly kind: 'session';
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly accountId: string;
  readonly roleName: string;
  readonly roleSessionName: string;
  readonly sourceIdentity?: string;
  /** Epoch ms. */
  readonly expiresAt: number;
  readonly arn: string;
  readonly assumedRoleId: string;
}

export type KnownCredentials = LongTermCredentials | SessionCredentials;

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function keyId(prefix: 'AKIA' | 'ASIA' | 'AROA'): string {
  const bytes = randomBytes(16);
  return prefix + Array.from(bytes, (b) => KEY_ALPHABET[b % KEY_ALPHABET.length]).join('');
}

/** 40 characters, like AWS secret access keys. */
function secret(): string {
  return randomBytes(30).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B');
}

export class CredentialStore {
  readonly central: LongTermCredentials;
  readonly #byKey = new Map<string, KnownCredentials>();

  constructor(centralAccountId: string) {
    this.central = {
      kind: 'long-term',
      accessKeyId: keyId('AKIA'),
      secretAccessKey: secret(),
      accountId: centralAccountId,
      arn: `arn:aws:iam::${centralAccountId}:user/centralops`,
    };
    this.#byKey.set(this.central.accessKeyId, this.central);
  }

  lookup(accessKeyId: string): KnownCredentials | undefined {
    return this.#byKey.get(accessKeyId);
  }

  issue(input: {
    accountId: string;
    roleName: string;
    roleSessionName: string;
    sourceIdentity?: string;
    expiresAt: number;
  }): SessionCredentials {
    const assumedRoleId = `${keyId('AROA')}:${input.roleSessionName}`;
    const credentials: SessionCredentials = {
      kind: 'session',
      accessKeyId: keyId('ASIA'),
      secretAccessKey: secret(),
      // Real session tokens are long opaque base64 blobs; clients must pass them back verbatim.
      sessionToken: `IQoJb3JpZ2luX2VjE${randomBytes(180).toString('base64')}`,
      ...input,
      arn: `arn:aws:sts::${input.accountId}:assumed-role/${input.roleName}/${input.roleSessionName}`,
      assumedRoleId,
    };
    this.#byKey.set(credentials.accessKeyId, credentials);
    return credentials;
  }
}
