/** CloudWatch: alarms, in ALARM unless another state is asked. */
import { capLines, matchesName, plural, records, str } from './summaries.ts';
import type { ServiceSpec } from './types.ts';

const ALARM_STATE_VALUES = { alarm: 'ALARM', ok: 'OK', insufficient: 'INSUFFICIENT_DATA' } as const;

export const cloudwatch: ServiceSpec = {
  service: 'cloudwatch',
  aliases: ['alarms', 'alarm', 'cw', 'alerts'],
  title: 'CloudWatch',
  resources: [
    {
      resource: 'alarms',
      aliases: ['alarm', 'alerts', 'firing'],
      description: 'CloudWatch alarms (default: in ALARM; `all` for every state)',
      states: ['alarm', 'ok', 'insufficient', 'all'],
      call: (f) => {
        const state = ALARM_STATE_VALUES[(f.state ?? 'alarm') as keyof typeof ALARM_STATE_VALUES];
        return {
          service: 'cloudwatch',
          operation: 'DescribeAlarms',
          params: state ? { StateValue: state } : {},
        };
      },
      summarize(response, f) {
        const alarms = [...records(response, 'MetricAlarms'), ...records(response, 'CompositeAlarms')]
          .map((a) => ({ name: str(a.AlarmName), state: str(a.StateValue, 'UNKNOWN') }))
          .filter((a) => matchesName(a.name, f));
        const state = f.state ?? 'alarm';
        const inState =
          state === 'all' ? '' : ` in ${ALARM_STATE_VALUES[state as keyof typeof ALARM_STATE_VALUES]}`;
        return {
          summary: `${plural(alarms.length, 'alarm')}${inState}`,
          lines: capLines(alarms.map((a) => `${a.name} ${a.state}`)),
        };
      },
    },
  ],
};
