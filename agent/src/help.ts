/** The `/ops help` text: grammar, examples and the services the catalog knows. */
import { SERVICE_CATALOG, type ServiceSpec } from './catalog/index.ts';
import { OPS_USAGE } from './planner.ts';

export function helpText(service?: ServiceSpec): string {
  if (service) {
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
  return [
    OPS_USAGE,
    'target: an account name, alias, 12-digit id, environment, or `all`.',
    'Examples:',
    '• /ops prod s3',
    '• /ops payments-prod ec2 running us-west-2',
    '• /ops all lambda errors 1h',
    '• /ops accounts',
    `Services: ${SERVICE_CATALOG.map((s) => s.service).join(', ')}.`,
    'Details: /ops help <service>. Plain questions work too: "list ec2 instances in prod".',
  ].join('\n');
}
