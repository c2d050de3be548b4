/**
 * `/ops <target> aws <service> <operation> [--Param value …] [--region r]`: any read-only API call
 * the bridge's policy allows, as a structured call (never a CLI line or code), for power users, in
 * every account of the target. A call the policy refuses is answered with the policy's reason,
 * once. Values are read as JSON when they parse (`--MaxResults 5`, `--InstanceIds '["i-1"]'`),
 * else as text; names as the API spells them (`--logGroupName`), CLI-style `--instance-ids` and
 * `describe-instances` read as `InstanceIds`, `DescribeInstances`.
 */

import { tryJson } from '#contracts/aws-mcp-result.ts';
import { accountRef } from '../../accounts.ts';
import type { CatalogCall } from '../../catalog/index.ts';
import { capLines, obj, plural } from '../../catalog/summaries.ts';
import { callEachAccount, outcomeEvents } from '../fan-out.ts';
import { accountsPhrase, readableAccounts } from '../targets.ts';
import { type OpsVerb, usage } from '../verb.ts';
import { isRegion } from '../words.ts';

export interface AwsPlan {
  readonly kind: 'aws';
  readonly target?: string;
  readonly call: CatalogCall;
  readonly region?: string;
}

const SERVICE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const IDENTIFYING = /(?:Name|Id|Arn|Status|State|Type|Count|Time|Date)$/i;

/** `describe-instances` → `DescribeInstances`; `InstanceIds` as it is. */
function pascal(word: string): string {
  return word
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function paramValue(text: string): unknown {
  const parsed = tryJson(text);
  return parsed === undefined ? text : parsed;
}

/**
 * Words as typed in chat: a quoted run ('…' or "…") is one word without its quotes; anything else
 * runs to the next space, inner quotes kept, so JSON such as ["i-1"] arrives as JSON. No shell
 * reads these: `|` or `$(…)` are plain text, and end up refused as values or flags.
 */
function words(text: string): string[] {
  return [...text.matchAll(/'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g)].map(
    (m) => m[1] ?? m[2]?.replace(/\\(.)/g, '$1') ?? m[3]!,
  );
}

/** The call the words make, or what is wrong with them. */
export function readAwsCall(text: string): { call: CatalogCall; region?: string } | string {
  const [service, operation, ...rest] = words(text);
  if (!service || !operation) return 'Name a service and an operation, e.g. ec2 DescribeInstances.';
  if (!SERVICE.test(service)) return `"${service}" is not a service name such as ec2, logs or elbv2.`;
  const params: Record<string, unknown> = {};
  let region: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    if (!flag.startsWith('--') || flag.length < 3) return `Expected --Param, found "${flag}".`;
    const next = rest[i + 1];
    const hasValue = next !== undefined && !next.startsWith('--');
    if (hasValue) i++;
    if (flag === '--region') {
      if (!next || !isRegion(next)) return '--region takes a region such as us-west-2.';
      region = next;
      continue;
    }
    // Member names are case-sensitive (logs takes logGroupName, ec2 InstanceIds): as typed, but
    // CLI-style kebab-case is read as PascalCase.
    const name = flag.slice(2);
    params[name.includes('-') ? pascal(name) : name] = hasValue ? paramValue(next) : true;
  }
  return { call: { service, operation: pascal(operation), params }, ...(region ? { region } : {}) };
}

function scalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** One short line for an item: its identifying fields, else its first few. */
function itemLine(item: unknown): string {
  if (scalar(item)) return String(item);
  const entries = Object.entries(obj(item)).filter(([, v]) => scalar(v));
  const chosen = entries.filter(([k]) => IDENTIFYING.test(k));
  return (chosen.length ? chosen : entries)
    .slice(0, 4)
    .map(([k, v]) => `${k}=${String(v).slice(0, 80)}`)
    .join(' ');
}

export function summarizeResponse(response: unknown): { summary: string; lines: string[] } {
  const body = obj(response);
  const listKey = Object.keys(body).find((key) => Array.isArray(body[key]) && key !== 'ResponseMetadata');
  const more = Object.keys(body).some((key) => /^Next(Token|Marker)$|^Marker$/.test(key) && body[key]);
  if (listKey) {
    const items = body[listKey] as unknown[];
    return {
      summary: `${listKey}: ${plural(items.length, 'item')}${more ? ' (more pages)' : ''}`,
      lines: capLines(items.map(itemLine)),
    };
  }
  const fields = Object.entries(body).filter(([key]) => key !== 'ResponseMetadata');
  return {
    summary: plural(fields.length, 'field'),
    lines: capLines(
      fields.map(
        ([key, value]) => `${key}: ${scalar(value) ? String(value).slice(0, 120) : itemLine(value)}`,
      ),
    ),
  };
}

export const aws: OpsVerb<'aws', AwsPlan> = {
  name: 'aws',
  aliases: ['api'],
  targeted: true,
  refusable: true,
  usage: '/ops <target> aws <service> <Operation> [--Param value …] [--region r]',
  summary: 'any read-only API call the policy allows, e.g. /ops prod aws elbv2 DescribeTargetGroups',

  plan(words, context) {
    const read = readAwsCall((context?.raw ?? words).join(' '));
    if (typeof read === 'string') return usage(read, aws);
    return { kind: 'aws', ...read, ...(context?.target ? { target: context.target } : {}) };
  },

  async *run(plan, turn) {
    const label = `${plan.call.service} ${plan.call.operation}`;
    const readable = yield* readableAccounts(turn, plan.target, label, `/ops prod aws ${label}`);
    if (!readable) return;
    yield {
      type: 'status',
      message: `calling ${label} in ${accountsPhrase(readable.accounts.length, readable.label)}…`,
    };
    const tally = yield* outcomeEvents(
      callEachAccount({
        gateway: readable.gateway,
        requestedBy: turn.user.username,
        fanOut: turn.fanOut,
        accounts: readable.accounts,
        calls: [plan.call],
        ...(plan.region ? { regionsFor: () => [plan.region!] } : {}),
      }),
      (outcome) => {
        const summary = summarizeResponse(outcome.payload);
        return [
          {
            type: 'result',
            account: accountRef(outcome.account),
            region: outcome.region,
            operation: label,
            summary: summary.summary,
            lines: summary.lines,
            ...(outcome.truncated ? { truncated: outcome.truncated } : {}),
          },
        ];
      },
    );
    if (!tally) {
      turn.answer.summary = `${label}: refused.`;
      return;
    }
    turn.answer.accounts = readable.accounts.map(accountRef);
    turn.answer.regions = [...tally.regions].sort();
    turn.answer.summary = `${label} in ${plural(readable.accounts.length, 'account')}: ${tally.answered} answered${tally.failed ? `, ${tally.failed} failed` : ''}${readable.refused ? `, ${readable.refused} refused` : ''}`;
  },
};
