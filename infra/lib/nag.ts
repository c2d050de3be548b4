import {
  type App,
  type IPolicyValidationContext,
  type IPolicyValidationPlugin,
  type PolicyValidationPluginReport,
  Validations,
} from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { chatPlatforms } from '#contracts/chat-platforms.ts';
import { secretConstructName } from './constructs/secrets.ts';
import { InfraError } from './errors.ts';

/**
 * A cdk-nag finding accepted on purpose. `finding` matches the rule id with its finding
 * (`AwsSolutions-IAM5[Resource::...]`), `path` the construct path; both must match.
 */
export interface AcceptedFinding {
  readonly finding: RegExp;
  readonly path: RegExp;
  readonly reason: string;
}

const ANY_PATH = /.*/;
/** Every chat platform's construct names (contracts/chat-platforms.ts), so a new platform is covered. */
const PLATFORM_NAMES = chatPlatforms()
  .map((platform) => platform.name)
  .join('|');
const PLATFORM_SECRETS = chatPlatforms()
  .flatMap((platform) => platform.secrets.map((secret) => secretConstructName(secret.variable)))
  .join('|');
/**
 * An account id in a finding: the `<AWS::AccountId>` token of an environment-agnostic synth, or the
 * twelve digits of `-c account=…` (as docs/deploy.md synthesizes).
 */
const ACCOUNT = String.raw`(?:<AWS::AccountId>|\d{12})`;

/** Every finding CentralOps accepts, each with its reason. Anything else fails synth. */
export const ACCEPTED_FINDINGS: readonly AcceptedFinding[] = [
  {
    finding:
      /^AwsSolutions-IAM4\[Policy::arn:<AWS::Partition>:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole\]$/,
    path: ANY_PATH,
    reason:
      'AWS managed Lambda logging policy: logs:CreateLogGroup/CreateLogStream/PutLogEvents only, into the function log group.',
  },
  {
    finding:
      /^AwsSolutions-IAM4\[Policy::.*:iam::aws:policy\/job-function\/ViewOnlyAccess.*:iam::aws:policy\/ReadOnlyAccess.*\]$/,
    path: /\/TargetRole$/,
    reason:
      'The member role is read-only by design: AWS maintains ReadOnlyAccess/ViewOnlyAccess as services add read APIs; explicit denies cover secret-bearing reads.',
  },
  {
    finding: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    path: /(\/Function\/ServiceRole|-(Bridge|RegistrySync)\/Role)\/DefaultPolicy\//,
    reason:
      "Lambda active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords accept no resource but `*` (test/infra/app.test.ts checks that the functions' only `*` statements are these).",
  },
  {
    finding: /^AwsSolutions-L1$/,
    path: ANY_PATH,
    reason:
      'Node.js 22 is the deploy target of the whole project (docs/architecture.md), matching the AgentCore Runtime NODE_22 agent; runtimes move together.',
  },
  {
    finding: /^AwsSolutions-IAM5\[Resource::.*(Accounts|Identities|Audit)Table.*\/index\/\*\]$/,
    path: ANY_PATH,
    reason:
      "CDK table grants cover the table's own indexes (by-environment, by-cognito-sub, the audit's by-user and by-chat-user), which the code queries; no other table.",
  },
  {
    finding: /^AwsSolutions-IAM5\[Resource::<\w+WorkerFunction\w+\.Arn>:\*\]$/,
    path: new RegExp(`/(${PLATFORM_NAMES})Ack/`),
    reason: 'lambda:InvokeFunction on the versions/aliases of the one worker this ack path hands off to.',
  },
  {
    finding: /^AwsSolutions-IAM5\[Resource::.*BridgeFunction.*:\*\]$/,
    path: /\/Gateway\/ServiceRole\//,
    reason: 'lambda:InvokeFunction on the versions/aliases of the bridge, the Gateway’s only target.',
  },
  {
    finding: /^AwsSolutions-IAM5\[Resource::.*AgentRuntimeArn\w*\/\*\]$/,
    path: new RegExp(`/(${PLATFORM_NAMES})Worker/`),
    reason: 'InvokeAgentRuntime(ForUser) on the endpoints (DEFAULT) of the one CentralOps runtime.',
  },
  {
    finding: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:iam::\*:role\/[\w+=,.@-]+\]$/,
    path: /-Bridge\/Role\//,
    reason:
      'Member accounts are registered at run time, so the account is any; the role name is fixed and the aws:ResourceOrgID condition keeps every assumed role inside the organization.',
  },
  {
    finding: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:iam::\*:role\/[\w+=,.@-]+\]$/,
    path: /-RegistrySync\/Role\//,
    reason:
      'The member-role probe: accounts join the organization at any time, so the account is any; the role name is fixed, aws:ResourceOrgID keeps it inside the organization, and sts:SourceIdentity pins the probe identity the member role denies every action.',
  },
  {
    finding: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    path: /OrganizationsAccess\/ReadRole$/,
    reason:
      'The organization-read role: DescribeOrganization and ListRoots take no resource, and the tree walk lists every OU and account of the organization; list and describe actions only (perms.ts ORGANIZATION_READ_ACTIONS).',
  },
  {
    finding: /^AwsSolutions-IAM5\[Action::s3:(GetObject\*|GetBucket\*|List\*)\]$/,
    path: /-Runtime\/Agent\/ExecutionRole\//,
    reason:
      'Read of the CDK assets bucket holding the agent code, granted by the AgentCore code-asset L2 itself.',
  },
  {
    finding: new RegExp(
      String.raw`^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:s3:::cdk-[\w-]+-assets-${ACCOUNT}-[\w-]+\/\*\]$`,
    ),
    path: /-Runtime\/Agent\/ExecutionRole\//,
    reason: 'Objects of the CDK assets bucket holding the agent code (AgentCore code-asset L2 grant).',
  },
  {
    finding: new RegExp(
      String.raw`^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:logs:[\w-]+:${ACCOUNT}:log-group:.*\]$`,
    ),
    path: /-Runtime\/Agent\/ExecutionRole\//,
    reason:
      'AgentCore Runtime log delivery (L2 defaults): its own /aws/bedrock-agentcore/runtimes/* groups, DescribeLogGroups needs log-group:*.',
  },
  {
    finding: /^AwsSolutions-IAM5\[Resource::\*\]$/,
    path: /-Runtime\/Agent\/ExecutionRole\//,
    reason:
      'X-Ray trace upload and cloudwatch:PutMetricData (namespace-conditioned) have no resource-level permissions (AgentCore Runtime L2 defaults).',
  },
  {
    finding: new RegExp(
      String.raw`^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:bedrock-agentcore:[\w-]+:${ACCOUNT}:workload-identity-directory\/default\/workload-identity\/\*\]$`,
    ),
    path: /-Runtime\/Agent\/ExecutionRole\//,
    reason:
      "The runtime's own workload identity in the account's default directory (AgentCore Runtime L2 default).",
  },
  {
    finding: /^AwsSolutions-IAM5\[Resource::arn:<AWS::Partition>:bedrock:\*::foundation-model\/[\w.:-]+\]$/,
    path: /-Runtime\/Agent\/ExecutionRole\//,
    reason:
      'One foundation model, in any region: a cross-region inference profile routes each request to the model in one of its regions.',
  },
  {
    finding: /^AwsSolutions-SMG4$/,
    path: new RegExp(`/(${PLATFORM_SECRETS})/`),
    reason:
      'Platform-issued credentials: the chat platform (Slack, Microsoft Entra, …) issues and rotates them; the operator pastes the new value (docs/deploy.md).',
  },
  {
    finding: /^AwsSolutions-SMG4$/,
    path: /\/LinkStateSecret\//,
    reason:
      'HMAC key of short-lived link URLs (10 min): rotating only voids pending links; rotate by replacing the secret value (docs/deploy.md).',
  },
  {
    finding: /^AwsSolutions-COG2$/,
    path: /-Auth\/Users\//,
    reason:
      'MFA is optional in the pool (TOTP offered): production users sign in through the federated IdP, which enforces MFA.',
  },
  {
    finding: /^AwsSolutions-COG8$/,
    path: /-Auth\/Users\//,
    reason:
      'Essentials plan: the pool only maps chat users to identities and groups; sign-in risk is handled by the federated IdP.',
  },
  {
    finding: /^AwsSolutions-SQS3$/,
    path: new RegExp(`/(${PLATFORM_NAMES})Worker/FailureQueue/`),
    reason:
      "The worker's on-failure destination is itself the dead-letter queue: it holds failed invocations, with an alarm on its depth.",
  },
  {
    finding: /^AwsSolutions-SQS3$/,
    path: /-RegistrySync\/DeadLetterQueue\//,
    reason:
      "The registry sync queue's dead-letter queue: it holds triggers whose syncs failed 3 times, with an alarm on its depth.",
  },
  {
    finding: /^AwsSolutions-SQS3$/,
    path: /-Alerts\/RuleDeadLetters\//,
    reason:
      "The alert rules' dead-letter queue (EventBridge target DLQ): it is itself the place failed events go, with an alarm on its depth.",
  },
  {
    finding: /^AwsSolutions-APIG4$/,
    path: /-Auth\/LinkApi\//,
    reason:
      "The OAuth redirect target is opened by the user's browser: it authenticates with the HMAC-signed single-use state and the PKCE code exchange.",
  },
];

/** A cdk-nag finding nobody accepted: it fails synth. */
export interface UnacceptedFinding {
  readonly finding: string;
  readonly path: string;
  readonly severity: string;
  readonly description: string;
}

/**
 * cdk-nag's AwsSolutions rules with CentralOps' accepted findings taken out. It runs as a CDK
 * validation plugin, after references between stacks are resolved, so findings read as they do
 * in the synthesized templates.
 */
export class CentralOpsNagChecks implements IPolicyValidationPlugin {
  readonly name = 'AwsSolutions';

  constructor(private readonly accepted: readonly AcceptedFinding[] = ACCEPTED_FINDINGS) {}

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const { appConstruct } = context as IPolicyValidationContext & { appConstruct?: IConstruct };
    if (!appConstruct) throw new InfraError('cdk-nag needs the construct tree on the validation context');
    const report = new AwsSolutionsChecks().validateScope(appConstruct);
    const violations = report.violations.flatMap((violation) => {
      const violatingResources = violation.violatingResources.filter(
        (resource) => !this.accepts(violation.ruleName, resource.constructPath ?? ''),
      );
      return violatingResources.length > 0 ? [{ ...violation, violatingResources }] : [];
    });
    return { success: violations.length === 0, violations };
  }

  /** The findings that would fail synth, flattened (for tests and tooling). */
  unaccepted(scope: IConstruct): UnacceptedFinding[] {
    return this.validate({ appConstruct: scope } as unknown as IPolicyValidationContext).violations.flatMap(
      (violation) =>
        violation.violatingResources.map((resource) => ({
          finding: violation.ruleName,
          path: resource.constructPath ?? '',
          severity: violation.severity ?? 'error',
          description: violation.description,
        })),
    );
  }

  private accepts(finding: string, path: string): boolean {
    return this.accepted.some((entry) => entry.finding.test(finding) && entry.path.test(path));
  }
}

/** Runs the checks at every synth of `app`: an unaccepted finding fails synth. */
export function applyNag(app: App): void {
  Validations.of(app).addPlugins(new CentralOpsNagChecks());
}
