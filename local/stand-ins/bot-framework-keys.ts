/**
 * Bot Framework's token signing side, locally: an OpenID metadata document and JWKS (with the
 * `endorsements` Bot Framework adds per key) served on loopback, and RS256 tokens shaped as the
 * channel signs them (`iss` https://api.botframework.com, `aud` the app id, `serviceurl`).
 * botbuilder's real JwtTokenExtractor validates against it through ToBotFromChannelOpenIdMetadataUrl.
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenOnLoopback } from './http.ts';

export const CHANNEL_ISSUER = 'https://api.botframework.com';

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function createSigningKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

export interface BotFrameworkKeys {
  /** The OpenID metadata URL (ToBotFromChannelOpenIdMetadataUrl). */
  readonly openIdMetadataUrl: string;
  stop(): Promise<void>;
}

/**
 * Publishes `keys` as Bot Framework's signing keys, each endorsed for `endorsements` (the channels
 * whose activities it may sign: Bot Framework's own keys are endorsed for Teams, Web Chat, Direct
 * Line and more).
 */
export async function startBotFrameworkKeys(
  keys: readonly SigningKey[],
  endorsements: readonly string[] = ['msteams'],
): Promise<BotFrameworkKeys> {
  const server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(
        JSON.stringify({
          issuer: CHANNEL_ISSUER,
          authorization_endpoint: 'https://invalid.botframework.com',
          jwks_uri: `${base}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        }),
      );
      return;
    }
    if (req.url === '/v1/.well-known/keys') {
      const jwks = keys.map((key) => ({
        ...key.publicKey.export({ format: 'jwk' }),
        kty: 'RSA',
        use: 'sig',
        kid: key.kid,
        endorsements,
      }));
      res.end(JSON.stringify({ keys: jwks }));
      return;
    }
    res.statusCode = 404;
    res.end('{}');
  });
  const { port, stop } = await listenOnLoopback(server);
  return { openIdMetadataUrl: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`, stop };
}

/** A channel → bot token as Bot Framework signs it. */
export function channelToken(key: SigningKey, claims: { aud: string; serviceurl: string }): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', kid: key.kid };
  const payload = { iss: CHANNEL_ISSUER, nbf: now - 60, exp: now + 3600, ...claims };
  const signingInput = `${base64url(header)}.${base64url(payload)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key.privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
