/**
 * `/ops help [service]`: what CentralOps answers, generated from the verbs (the agent's and the
 * identity verbs the bot answers) and the service catalog, or one service's resources.
 */
import { IDENTITY_VERBS } from '#contracts/ops-command.ts';
import { catalogWords, findService, SERVICE_CATALOG, type ServiceSpec } from '../../catalog/index.ts';
import { type OpsVerb, usage, type VerbHelp } from '../verb.ts';
import { didYouMean } from '../words.ts';

export interface HelpPlan {
  readonly kind: 'help';
  readonly service?: ServiceSpec;
}

const EXAMPLES = ['/ops prod s3', '/ops payments-prod ec2 running us-west-2', '/ops all lambda errors 1h'];

/** One service's resources, with the words each takes. */
function serviceHelp(service: ServiceSpec): string {
  const lines = service.resources.map((r) => {
    const extras = [
      r.states ? `states: ${r.states.join(', ')}` : '',
      r.windowed ? 'window: 30m, 1h, 7d' : '',
      r.globalRegion ? `global (${r.globalRegion})` : '',
    ].filter(Boolean);
    return `• ${service.service} ${r.resource}: ${r.description}${extras.length ? ` (${extras.join('; ')})` : ''}`;
  });
  return [
    `*${service.title}* (/ops <target> ${service.service} [resource] [region] [filters])`,
    ...lines,
  ].join('\n');
}

/** Every verb, the identity ones included, one line each; then examples and the services. */
export function helpText(verbs: readonly VerbHelp[]): string {
  const all = [...verbs, ...Object.values(IDENTITY_VERBS)];
  return [
    '*CentralOps /ops commands*',
    ...all.map((verb) => `• ${verb.usage}: ${verb.summary}`),
    'Add `private` at the end of any of them for an answer only you see.',
    `Examples: ${EXAMPLES.join(' · ')}`,
    `Services: ${SERVICE_CATALOG.map((s) => s.service).join(', ')}. Details: /ops help <service>.`,
    'Plain questions work too: "list ec2 instances in prod".',
  ].join('\n');
}

export const help: OpsVerb<'help', HelpPlan> = {
  name: 'help',
  aliases: ['?'],
  usage: '/ops help [service]',
  summary: 'this list, or what a service answers',

  plan(words) {
    const [word] = words;
    if (word === undefined) return { kind: 'help' };
    const service = findService(word);
    return service
      ? { kind: 'help', service }
      : usage(`Unknown service "${word}".${didYouMean(word, catalogWords())}`, help);
  },

  async *run(plan, turn) {
    turn.answer.summary = 'Help';
    yield { type: 'private', reason: 'help' };
    yield { type: 'text', delta: plan.service ? serviceHelp(plan.service) : helpText(turn.verbs) };
  },
};
