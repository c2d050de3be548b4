/**
 * Builds the real bundles once (scripts/build.ts into a temp dir) and synthesizes the whole
 * CentralOps app once, cdk-nag included: each test file calls this in a beforeAll.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { type BuildReport, buildBundles, REPO_ROOT } from '#infra/lib/bundles.ts';
import { addCentralOpsStacks, type CentralOpsStacks } from '#infra/lib/centralops-app.ts';
import { loadConfig } from '#infra/lib/config.ts';
import { applyNag } from '#infra/lib/nag.ts';

export type StackKey = keyof CentralOpsStacks;

export interface SynthesizedApp {
  readonly app: App;
  readonly stacks: CentralOpsStacks;
  readonly build: BuildReport;
  readonly templates: Readonly<Record<StackKey, Template>>;
  /** Every template's JSON, for app-wide assertions. */
  readonly allTemplates: readonly Record<string, unknown>[];
  cleanup(): Promise<void>;
}

/**
 * Synthesizes as `npm run synth` does: cdk.json's context, then `context` on top. `build`: bundles
 * already built (by another synth of the same test file), to synthesize again without rebuilding.
 */
export async function synthesizeApp(
  context: Record<string, unknown> = {},
  build?: BuildReport,
): Promise<SynthesizedApp> {
  const cdkJson = JSON.parse(await readFile(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  const dir = await mkdtemp(path.join(tmpdir(), 'centralops-infra-'));
  build ??= await buildBundles({ outDir: path.join(dir, 'dist') });
  // CloudFormation schema validation (built into aws-cdk-lib) is left to `npm run synth`: it costs
  // seconds of WebAssembly per synth and asserts nothing these tests do not.
  const app = new App({
    outdir: path.join(dir, 'cdk.out'),
    context: { ...cdkJson.context, ...context },
    builtinCloudFormationValidation: false,
  });
  const stacks = addCentralOpsStacks(app, loadConfig(app.node), build);
  applyNag(app);
  const assembly = app.synth();
  const templates = Object.fromEntries(
    (Object.entries(stacks) as [StackKey, { artifactId: string }][]).map(([key, stack]) => [
      key,
      Template.fromJSON(assembly.getStackArtifact(stack.artifactId).template),
    ]),
  ) as Record<StackKey, Template>;
  return {
    app,
    stacks,
    build,
    templates,
    allTemplates: Object.values(templates).map((template) => template.toJSON()),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface PolicyStatementJson {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
  readonly Sid?: string;
}

interface PolicyDocumentJson {
  readonly Statement: readonly PolicyStatementJson[];
}

interface IamResourceJson {
  readonly Type: string;
  readonly Properties?: {
    readonly PolicyDocument?: PolicyDocumentJson;
    readonly Policies?: readonly { readonly PolicyDocument: PolicyDocumentJson }[];
    readonly Roles?: readonly { readonly Ref?: string }[];
  };
}

export interface StatementInTemplate {
  /** The policy (or role, for inline policies) holding the statement. */
  readonly logicalId: string;
  /** The roles it is attached to, as `{ Ref }`. */
  readonly roles: readonly { readonly Ref?: string }[];
  readonly statement: PolicyStatementJson;
}

/** Every statement of every identity policy (AWS::IAM::Policy and inline role policies) in a template. */
export function policyStatements(template: Record<string, unknown>): StatementInTemplate[] {
  const resources = (template.Resources ?? {}) as Record<string, IamResourceJson>;
  return Object.entries(resources).flatMap(([logicalId, resource]) => {
    const properties = resource.Properties ?? {};
    const documents =
      resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy'
        ? [properties.PolicyDocument]
        : resource.Type === 'AWS::IAM::Role'
          ? (properties.Policies ?? []).map((policy) => policy.PolicyDocument)
          : [];
    const roles = resource.Type === 'AWS::IAM::Role' ? [{ Ref: logicalId }] : (properties.Roles ?? []);
    return documents.flatMap((document) =>
      (document?.Statement ?? []).map((statement) => ({ logicalId, roles, statement })),
    );
  });
}

export function actionsOf(statement: PolicyStatementJson): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}
