/**
 * cognito-local, in-process on a free 127.0.0.1 port with its data in a fresh temp directory: a real
 * user pool (users, groups, enabled state, ListUsers filters), its Hosted UI endpoints
 * (`/oauth2/authorize`, `/oauth2/token` with PKCE) and the JWKS its ID tokens are signed with.
 * The real @aws-sdk/client-cognito-identity-provider talks to it through
 * AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';

export interface LocalCognitoUser {
  readonly username: string;
  /** Fixed `sub` (a UUID); cognito-local generates one when absent. */
  readonly sub?: string;
  /** Verified `email` attribute (in the ID token's `email` claim). @default none */
  readonly email?: string;
  /** @default [] */
  readonly groups?: readonly string[];
  /** @default LOCAL_COGNITO_PASSWORD */
  readonly password?: string;
  /** @default true */
  readonly enabled?: boolean;
}

export interface LocalCognitoOptions {
  readonly users: readonly LocalCognitoUser[];
  /** Groups to create; every group a user names is created as well. @default [] */
  readonly groups?: readonly string[];
  /** Redirect URIs the app client accepts at /oauth2/authorize. @default [] */
  readonly callbackUrls?: readonly string[];
}

export interface LocalCognito {
  /** `http://127.0.0.1:<port>`: the API endpoint, the Hosted UI domain and the issuer domain. */
  readonly endpoint: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** `endpoint/userPoolId`: the `iss` of the ID tokens it mints; JWKS at `<issuer>/.well-known/jwks.json`. */
  readonly issuer: string;
  /** AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, AWS_REGION, dummy credentials, USER_POOL_ID, COGNITO_DOMAIN, COGNITO_ISSUER, LINK_CLIENT_ID. */
  readonly env: Record<string, string>;
  readonly users: readonly { readonly username: string; readonly sub: string }[];
  /** A real SDK client pointed at it, for tests that change users mid-test. */
  readonly client: CognitoIdentityProviderClient;
  stop(): Promise<void>;
}

/** Password given to users created without one. */
export const LOCAL_COGNITO_PASSWORD = 'Local-Passw0rd!';

const REGION = 'us-east-1';

export async function startLocalCognito(options: LocalCognitoOptions): Promise<LocalCognito> {
  const dataDirectory = await mkdtemp(join(tmpdir(), 'cognito-local-'));
  const { server, tokenConfig } = await startServer(dataDirectory);
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The issuer embeds the port, known only once listening; the token generator reads this object per token.
  tokenConfig.IssuerDomain = endpoint;

  const client = new CognitoIdentityProviderClient({
    endpoint,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const stop = async () => {
    client.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dataDirectory, { recursive: true, force: true });
  };
  try {
    const pool = await client.send(new CreateUserPoolCommand({ PoolName: 'centralops-local' }));
    const userPoolId = pool.UserPool?.Id ?? '';
    const app = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: 'centralops-link',
        CallbackURLs: [...(options.callbackUrls ?? [])],
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid'],
        AllowedOAuthFlowsUserPoolClient: true,
      }),
    );
    const clientId = app.UserPoolClient?.ClientId ?? '';
    const groups = new Set([
      ...(options.groups ?? []),
      ...options.users.flatMap((user) => user.groups ?? []),
    ]);
    for (const group of groups) {
      await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group }));
    }
    const users: { username: string; sub: string }[] = [];
    for (const user of options.users) {
      users.push(await createUser(client, userPoolId, user));
    }
    const issuer = `${endpoint}/${userPoolId}`;
    return {
      endpoint,
      userPoolId,
      clientId,
      issuer,
      env: {
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoint,
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        USER_POOL_ID: userPoolId,
        COGNITO_DOMAIN: endpoint,
        COGNITO_ISSUER: issuer,
        LINK_CLIENT_ID: clientId,
      },
      users,
      client,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function createUser(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  user: LocalCognitoUser,
): Promise<{ username: string; sub: string }> {
  const created = await client.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: user.username,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        ...(user.sub ? [{ Name: 'sub', Value: user.sub }] : []),
        ...(user.email
          ? [
              { Name: 'email', Value: user.email },
              { Name: 'email_verified', Value: 'true' },
            ]
          : []),
      ],
    }),
  );
  const sub = created.User?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value ?? '';
  await client.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPoolId,
      Username: user.username,
      Password: user.password ?? LOCAL_COGNITO_PASSWORD,
      Permanent: true,
    }),
  );
  for (const group of user.groups ?? []) {
    await client.send(
      new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: user.username, GroupName: group }),
    );
  }
  if (user.enabled === false) {
    await client.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: user.username }));
  }
  return { username: user.username, sub };
}

/**
 * cognito-local's own `createDefaultServer` keeps its data under `./.cognito` and listens on 9229;
 * this wires the same services around a temp directory and port 0.
 */
async function startServer(
  dataDirectory: string,
): Promise<{ server: Server; tokenConfig: { IssuerDomain?: string } }> {
  const require = createRequire(import.meta.url);
  const load = (path: string) => require(`cognito-local/lib/${path}`);
  const pino = createRequire(require.resolve('cognito-local'))('pino');
  const logger = pino({ level: 'silent' });
  const ctx = { logger };
  const services = load('services/index.js');
  const { CognitoServiceFactoryImpl } = load('services/cognitoService.js');
  const { StormDBDataStoreFactory } = load('services/dataStore/stormDb.js');
  const { UserPoolServiceFactoryImpl } = load('services/userPoolService.js');
  const { MessageDeliveryService } = load('services/messageDelivery/messageDelivery.js');
  const { ConsoleMessageSender } = load('services/messageDelivery/consoleMessageSender.js');
  const { JwtTokenGenerator } = load('services/tokenGenerator.js');
  const { otp } = load('services/otp.js');
  const { Router } = load('server/Router.js');
  const { createServer } = load('server/server.js');

  const tokenConfig: { IssuerDomain?: string } = { IssuerDomain: 'http://127.0.0.1' };
  const config = {
    UserPoolDefaults: {},
    TokenConfig: tokenConfig,
    ServerConfig: { port: 0, hostname: '127.0.0.1', development: false },
  };
  const clock = new services.DateClock();
  const dataStoreFactory = new StormDBDataStoreFactory(dataDirectory);
  const cognito = await new CognitoServiceFactoryImpl(
    dataDirectory,
    dataStoreFactory,
    new UserPoolServiceFactoryImpl(clock, dataStoreFactory),
  ).create(ctx, config.UserPoolDefaults);
  // No triggers are configured, so neither the Lambda client nor KMS is ever called: loading
  // aws-sdk v2 for them would only cost a second per suite.
  const triggers = new services.TriggersService(clock, cognito, new services.LambdaService({}, {}), {});
  const allServices = {
    clock,
    cognito,
    config,
    messages: new services.MessagesService(triggers, new MessageDeliveryService(new ConsoleMessageSender())),
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, triggers, tokenConfig),
    triggers,
  };
  const server: Server = await createServer(
    Router(allServices),
    logger,
    config.ServerConfig,
    allServices,
  ).start();
  return { server, tokenConfig };
}
