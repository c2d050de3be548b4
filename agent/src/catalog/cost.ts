/** Cost Explorer: unblended cost by service, month to date or over a window. */
import { arr, capLines, DAY, isoDate, matchesName, obj, records, str } from './summaries.ts';
import type { Filters, ServiceSpec } from './types.ts';

/** Month to date, or the window asked for; Cost Explorer's End is exclusive. */
function costPeriod(f: Filters, now: Date): { Start: string; End: string } {
  const end = new Date(now.getTime() + DAY);
  const start = f.window
    ? new Date(now.getTime() - f.window.ms)
    : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return { Start: isoDate(start), End: isoDate(end) };
}

export const cost: ServiceSpec = {
  service: 'cost',
  aliases: ['costs', 'ce', 'billing', 'spend', 'bill'],
  title: 'Cost Explorer',
  resources: [
    {
      resource: 'services',
      aliases: ['service', 'spend', 'bill', 'usage', 'total'],
      description: 'Cost Explorer: unblended cost by service, month to date or over a window (`7d`)',
      globalRegion: 'us-east-1',
      windowed: true,
      call: (f, now) => ({
        service: 'ce',
        operation: 'GetCostAndUsage',
        params: {
          TimePeriod: costPeriod(f, now),
          Granularity: 'MONTHLY',
          Metrics: ['UnblendedCost'],
          GroupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }],
        },
      }),
      summarize(response, f) {
        const totals = new Map<string, number>();
        let unit = 'USD';
        for (const period of records(response, 'ResultsByTime')) {
          for (const group of records(period, 'Groups')) {
            const name = str(arr(group.Keys)[0]);
            const cost = obj(obj(group.Metrics).UnblendedCost);
            unit = str(cost.Unit, unit);
            totals.set(name, (totals.get(name) ?? 0) + (Number(cost.Amount) || 0));
          }
        }
        const rows = [...totals.entries()]
          .filter(([name]) => matchesName(name, f))
          .sort((a, b) => b[1] - a[1]);
        const total = rows.reduce((sum, [, amount]) => sum + amount, 0);
        return {
          summary: `${total.toFixed(2)} ${unit} ${f.window ? `in ${f.window.label}` : 'month to date'}`,
          lines: capLines(rows.map(([name, amount]) => `${name}: ${amount.toFixed(2)} ${unit}`)),
        };
      },
    },
  ],
};
