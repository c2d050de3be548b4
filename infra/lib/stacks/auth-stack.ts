import { Aws, CfnOutput, Duration, RemovalPolicy, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { chatPlatforms } from '#contracts/chat-platforms.ts';
import { STATE_KEY_PREFIXES } from '#contracts/tables.ts';
import type { Bundle } from '../bundles.ts';
import { DEFAULT_GROUPS, type IdpConfig } from '../config.ts';
import { BundledFunction } from '../constructs/bundled-function.ts';
import {
  type ChatPlatformResources,
  grantPlatformSecrets,
  platformEnvironment,
} from '../constructs/chat-platform.ts';
import { grantLinkFlow, type LinkFlowSettings, linkFlowEnvironment } from '../constructs/link-flow.ts';
import { LINK_COMPLETE_ACTIONS } from '../perms.ts';
import { grantItemsUnder, tableEnvironment } from './data-stack.ts';

export interface AuthStackProps extends StackProps {
  /** The link-flow callback bundle (bot/src/link/handler.ts). */
  readonly linkCallbackBundle: Bundle;
  /** Receives the chat user → Cognito identity mapping the callback writes. */
  readonly identitiesTable: dynamodb.ITable;
  /** Holds the single-use link nonces. */
  readonly stateTable: dynamodb.ITable;
  /** @default 'dev' */
  readonly envName?: string;
  /** Cognito groups to create. @default DEFAULT_GROUPS */
  readonly groups?: readonly string[];
  /** Federation to a SAML or OIDC IdP. @default undefined: Cognito users only */
  readonly idp?: IdpConfig;
  /**
   * The chat platforms' settings and secrets: the callback confirms a new link in the user's chat
   * with them (a platform left unset is skipped).
   */
  readonly platforms: ChatPlatformResources;
  /** ALLOWED_WORKSPACES entries: the callback links users of these workspaces only. @default [] */
  readonly allowedWorkspaces?: readonly string[];
  /** Hosted UI domain prefix (unique per region). @default `centralops-<envName>-<account id>` */
  readonly domainPrefix?: string;
  /** @default 30 */
  readonly logRetentionDays?: number;
  /** SNS topic notified when an alarm fires. @default undefined: alarms without actions */
  readonly alarmTopicArn?: string;
  /** Reserved (and maximum) concurrency of the public link callback. @default 5 */
  readonly linkCallbackConcurrency?: number;
}

/** The path of the link callback on its HTTP API. */
export const LINK_CALLBACK_PATH = '/link/callback';

/**
 * Who the users are: the Cognito user pool (optionally federated), its groups, the Hosted UI, the
 * link-flow app client and the callback that maps a chat user to a Cognito identity.
 */
export class AuthStack extends Stack {
  readonly userPool: cognito.UserPool;
  readonly linkClient: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  /** Hosted UI base URL (COGNITO_DOMAIN). */
  readonly cognitoDomainUrl: string;
  /** The callback URL registered on the link client (LINK_CALLBACK_URL). */
  readonly linkCallbackUrl: string;
  /** HMAC key of the link flow's `state` parameter (LINK_STATE_SECRET), generated. */
  readonly linkStateSecret: secretsmanager.Secret;
  /** The link flow as its functions see it: the callback here, the bot workers (BotStack). */
  readonly linkFlow: LinkFlowSettings;
  readonly linkCallback: BundledFunction;

  constructor(scope: Construct, id: string, props: AuthStackProps) {
    super(scope, id, props);
    const envName = props.envName ?? 'dev';

    this.userPool = new cognito.UserPool(this, 'Users', {
      userPoolName: `centralops-${envName}`,
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const group of props.groups ?? DEFAULT_GROUPS) {
      new cognito.CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
        description: 'CentralOps read access (see docs/deploy.md)',
      });
    }
    const federated = props.idp && this.identityProvider(props.idp);

    this.domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `centralops-${envName}-${Aws.ACCOUNT_ID}` },
    });
    this.cognitoDomainUrl = this.domain.baseUrl();

    // An HTTP API, not a Function URL: its address exists before the function, so the function
    // can be told its own callback URL without a dependency cycle.
    const api = new apigw.HttpApi(this, 'LinkApi', {
      description: 'CentralOps link-flow callback',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'LinkApiAccessLogs', {
      retention: props.logRetentionDays ?? 30,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new apigw.HttpStage(this, 'LinkApiStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 10, burstLimit: 20 },
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs) },
    });
    this.linkCallbackUrl = `${api.apiEndpoint}${LINK_CALLBACK_PATH}`;

    this.linkClient = this.userPool.addClient('LinkClient', {
      userPoolClientName: `centralops-${envName}-link`,
      // A public client: authorization code with PKCE, no secret to leak.
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [this.linkCallbackUrl],
      },
      supportedIdentityProviders: federated
        ? [cognito.UserPoolClientIdentityProvider.custom(federated.providerName)]
        : [cognito.UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.minutes(15),
      accessTokenValidity: Duration.minutes(15),
    });
    if (federated) this.linkClient.node.addDependency(federated);

    this.linkStateSecret = new secretsmanager.Secret(this, 'LinkStateSecret', {
      description: 'CentralOps LINK_STATE_SECRET: HMAC key of the link flow state parameter',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    this.linkFlow = {
      userPool: this.userPool,
      cognitoDomainUrl: this.cognitoDomainUrl,
      linkClientId: this.linkClient.userPoolClientId,
      linkCallbackUrl: this.linkCallbackUrl,
      linkStateSecret: this.linkStateSecret,
    };

    this.linkCallback = new BundledFunction(this, 'LinkCallback', {
      bundle: props.linkCallbackBundle,
      description: 'CentralOps link-flow callback: maps a chat user to a Cognito identity',
      logRetentionDays: props.logRetentionDays,
      alarmTopicArn: props.alarmTopicArn,
      // Public: a flood of junk callbacks must not take the account's concurrency.
      reservedConcurrentExecutions: props.linkCallbackConcurrency ?? 5,
      environment: {
        ...tableEnvironment({ identities: props.identitiesTable, state: props.stateTable }),
        ALLOWED_WORKSPACES: (props.allowedWorkspaces ?? []).join(','),
        ...linkFlowEnvironment(this.linkFlow),
        ...Object.assign(
          {},
          ...chatPlatforms().map((platform) =>
            platformEnvironment(platform, 'link-callback', props.platforms),
          ),
        ),
      },
    });
    const callback = this.linkCallback.function;
    for (const platform of chatPlatforms())
      grantPlatformSecrets(callback, platform, 'link-callback', props.platforms);
    props.identitiesTable.grantReadWriteData(callback);
    // Link nonces only: the dedupe claims sharing the table are none of its business.
    grantItemsUnder(props.stateTable, callback, LINK_COMPLETE_ACTIONS, [STATE_KEY_PREFIXES.link]);
    // The callback checks the signed-in user is enabled before linking them.
    grantLinkFlow(callback, this.linkFlow);
    api.addRoutes({
      path: LINK_CALLBACK_PATH,
      // GET: the Hosted UI's redirect; POST: the confirmation form of the page it shows.
      methods: [apigw.HttpMethod.GET, apigw.HttpMethod.POST],
      integration: new HttpLambdaIntegration('LinkCallbackIntegration', callback),
    });

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'HostedUiUrl', { value: this.cognitoDomainUrl });
    new CfnOutput(this, 'LinkCallbackUrl', { value: this.linkCallbackUrl });
  }

  private identityProvider(idp: IdpConfig): cognito.IUserPoolIdentityProvider {
    if (idp.type === 'saml') {
      return new cognito.UserPoolIdentityProviderSaml(this, 'SamlIdp', {
        userPool: this.userPool,
        name: idp.name,
        metadata: cognito.UserPoolIdentityProviderSamlMetadata.url(idp.metadataUrl),
        attributeMapping: { email: cognito.ProviderAttribute.other('email') },
      });
    }
    return new cognito.UserPoolIdentityProviderOidc(this, 'OidcIdp', {
      userPool: this.userPool,
      name: idp.name,
      issuerUrl: idp.issuerUrl,
      clientId: idp.clientId,
      // A dynamic reference resolved by CloudFormation: the secret never enters the template.
      clientSecret: SecretValue.secretsManager(idp.clientSecretName).unsafeUnwrap(),
      scopes: ['openid', 'email', 'profile'],
      attributeMapping: { email: cognito.ProviderAttribute.other('email') },
    });
  }
}
