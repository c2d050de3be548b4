/**
 * CloudWatch Logs over the dataset's log groups: their lines are written on demand from
 * (group, minute), so any window holds the same lines every time it is asked. FilterLogEvents reads
 * term filter patterns (`ERROR`, `"timed out"`, `?ERROR ?WARN`, `-health`); Logs Insights queries
 * follow the real lifecycle (StartQuery, then GetQueryResults: Running on the first poll, Complete
 * after) and read `fields`, `filter … like`, `sort`, `limit` and `stats count(*) by …`.
 */

import { AwsApiError } from './errors.ts';
import type { Command, LogsQuery, Pipeline } from './logs-queries.ts';
import type { Operation, OperationInput } from './operation.ts';
import { pageOf } from './params.ts';
import { hash32 } from './random.ts';
import type { LogGroup, RegionData } from './types.ts';

const MINUTE = 60_000;
/** Lines are written for at most this long before now: older ones have expired. */
const RETENTION_MS = 24 * 3_600_000;
/** Erroring Lambda functions error over the last hours, as their Errors metric says (metrics.ts). */
const ERROR_WINDOW_MS = 3 * 3_600_000;
/** The degraded ECS service fails since its deploy (diagnostics-data.ts). */
const INCIDENT_WINDOW_MS = 35 * MINUTE;

export interface LogEvent {
  readonly logStreamName: string;
  readonly timestamp: number;
  readonly message: string;
}

function hex(seed: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += hash32(`${seed}:${i}`).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

/** The lines one group holds in one minute. */
function minuteLines(group: LogGroup, minute: number, now: number): LogEvent[] {
  const noise = hash32(`${group.logGroupName}:${minute}`);
  const iso = new Date(minute).toISOString();
  const source = group.source;
  if (source.kind === 'lambda') {
    if (noise % 2 !== 0) return [];
    const stream = `${iso.slice(0, 10).replaceAll('-', '/')}/[$LATEST]${hex(`${group.logGroupName}:${iso.slice(0, 13)}`, 32)}`;
    const request = `${hex(`${minute}:a`, 8)}-${hex(`${minute}:b`, 4)}-${hex(`${minute}:c`, 4)}-${hex(`${minute}:d`, 4)}-${hex(`${minute}:e`, 12)}`;
    const at = (ms: number) => minute + 1_000 + (noise % 30_000) + ms;
    const failing = source.erroring && minute >= now - ERROR_WINDOW_MS;
    const duration = failing ? 3000 + (noise % 50) : 40 + (noise % 900);
    return [
      { logStreamName: stream, timestamp: at(0), message: `START RequestId: ${request} Version: $LATEST` },
      {
        logStreamName: stream,
        timestamp: at(5),
        message: `${new Date(at(5)).toISOString()}\t${request}\tINFO\tprocessing order ord-${noise % 100_000}`,
      },
      ...(failing
        ? [
            {
              logStreamName: stream,
              timestamp: at(duration - 2),
              message: `${new Date(at(duration - 2)).toISOString()}\t${request}\tERROR\tInvoke Error \t{"errorType":"TimeoutError","errorMessage":"Connection to payments-db timed out after 3000ms"}`,
            },
          ]
        : []),
      { logStreamName: stream, timestamp: at(duration), message: `END RequestId: ${request}` },
      {
        logStreamName: stream,
        timestamp: at(duration + 1),
        message: `REPORT RequestId: ${request}\tDuration: ${duration}.00 ms\tBilled Duration: ${duration + 1} ms\tMemory Size: 512 MB\tMax Memory Used: ${80 + (noise % 100)} MB`,
      },
    ];
  }
  if (source.kind === 'ecs') {
    const task = hex(`${group.logGroupName}:${Math.floor(minute / 3_600_000)}`, 32);
    const stream = `ecs/${source.serviceName}/${task}`;
    const failing = source.degraded && minute >= now - INCIDENT_WINDOW_MS;
    const lines: LogEvent[] = [
      {
        logStreamName: stream,
        timestamp: minute + (noise % 20_000),
        message: JSON.stringify({ level: 'info', msg: 'GET /health 200', duration_ms: 2 + (noise % 9) }),
      },
    ];
    if (failing) {
      lines.push({
        logStreamName: stream,
        timestamp: minute + 20_000 + (noise % 20_000),
        message: JSON.stringify({
          level: 'error',
          msg: 'upstream connect error: connection refused to payments-db:5432',
          route: 'POST /checkout',
          status: 502,
        }),
      });
    }
    return lines;
  }
  if (noise % 3 !== 0) return [];
  return [
    {
      logStreamName: `eni-${hex(group.logGroupName, 17)}-all`,
      timestamp: minute + (noise % 50_000),
      message: `2 ${group.logGroupName.split('/').at(-1)} eni-${hex(group.logGroupName, 17)} 10.0.${noise % 255}.${noise % 200} 10.0.2.9 443 ${40_000 + (noise % 20_000)} 6 10 840 ${Math.floor(minute / 1000)} ${Math.floor(minute / 1000) + 60} ACCEPT OK`,
    },
  ];
}

/** Every line of `group` in [start, end], oldest first. */
export function logEvents(group: LogGroup, start: number, end: number, now: number): LogEvent[] {
  const from = Math.max(start, now - RETENTION_MS);
  const to = Math.min(end, now);
  const out: LogEvent[] = [];
  for (let minute = Math.floor(from / MINUTE) * MINUTE; minute <= to; minute += MINUTE) {
    for (const line of minuteLines(group, minute, now))
      if (line.timestamp >= from && line.timestamp <= to) out.push(line);
  }
  return out.sort((a, b) => a.timestamp - b.timestamp);
}

/** A term filter pattern as CloudWatch Logs reads it: all bare terms, any `?term`, no `-term`. */
export function filterMatcher(pattern: string): (message: string) => boolean {
  const trimmed = pattern.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    throw new AwsApiError(
      'InvalidParameterException',
      'The CentralOps sandbox reads term filter patterns only (ERROR, "timed out", ?ERROR ?WARN, -health), not JSON or space-delimited ones.',
    );
  }
  const terms = [...trimmed.matchAll(/([?-]?)(?:"([^"]*)"|(\S+))/g)].map((m) => ({
    kind: m[1],
    text: m[2] ?? m[3] ?? '',
  }));
  const all = terms.filter((t) => t.kind === '').map((t) => t.text);
  const any = terms.filter((t) => t.kind === '?').map((t) => t.text);
  const none = terms.filter((t) => t.kind === '-').map((t) => t.text);
  return (message) =>
    all.every((t) => message.includes(t)) &&
    (any.length === 0 || any.some((t) => message.includes(t))) &&
    !none.some((t) => message.includes(t));
}

function findGroup(data: RegionData, name: string | undefined, input: OperationInput): LogGroup {
  // logGroupIdentifier may be an ARN: its name is after `log-group:`.
  const wanted = name?.includes(':log-group:') ? name.split(':log-group:')[1]?.replace(/:\*$/, '') : name;
  const group = data.logGroups.find((g) => g.logGroupName === wanted);
  if (!group) {
    throw new AwsApiError(
      'ResourceNotFoundException',
      `The specified log group does not exist.${input.call.operation === 'StartQuery' ? ` (${wanted})` : ''}`,
    );
  }
  return group;
}

const describeLogGroups: Operation = ({ data, p, call }) => {
  const prefix = p.string('logGroupNamePrefix');
  const pattern = p.string('logGroupNamePattern');
  if (prefix && pattern) {
    throw new AwsApiError(
      'InvalidParameterException',
      'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.',
    );
  }
  const limit = Number(p.get('limit') ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
    throw new AwsApiError(
      'InvalidParameterException',
      '1 validation error detected: limit must be between 1 and 50',
    );
  }
  const found = data.logGroups.filter(
    (g) => (!prefix || g.logGroupName.startsWith(prefix)) && (!pattern || g.logGroupName.includes(pattern)),
  );
  const { page, next } = pageOf(found, p, limit, 'nextToken');
  const arn = (name: string) => `arn:aws:logs:${call.region}:${call.caller.accountId}:log-group:${name}`;
  return {
    logGroups: page.map((g) => ({
      logGroupName: g.logGroupName,
      creationTime: g.creationTime,
      ...(g.retentionInDays ? { retentionInDays: g.retentionInDays } : {}),
      metricFilterCount: 0,
      arn: `${arn(g.logGroupName)}:*`,
      storedBytes: g.storedBytes,
      logGroupClass: 'STANDARD',
      logGroupArn: arn(g.logGroupName),
    })),
    ...(next ? { nextToken: next } : {}),
  };
};

const filterLogEvents: Operation = (input) => {
  const { data, p, now } = input;
  const group = findGroup(data, p.string('logGroupName') ?? p.string('logGroupIdentifier'), input);
  const start = Number(p.get('startTime') ?? 0);
  const end = Number(p.get('endTime') ?? now);
  const limit = Number(p.get('limit') ?? 10_000);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new AwsApiError(
      'InvalidParameterException',
      '1 validation error detected: limit must be between 1 and 10000',
    );
  }
  const matches = filterMatcher(p.string('filterPattern') ?? '');
  const streamPrefix = p.string('logStreamNamePrefix');
  const found = logEvents(group, start, end, now).filter(
    (e) => (!streamPrefix || e.logStreamName.startsWith(streamPrefix)) && matches(e.message),
  );
  const { page, next } = pageOf(found, p, limit, 'nextToken');
  return {
    events: page.map((e) => ({
      logStreamName: e.logStreamName,
      timestamp: e.timestamp,
      message: e.message,
      ingestionTime: e.timestamp + 180,
      eventId: `${e.timestamp}${hash32(e.message).toString().padStart(10, '0')}`.padEnd(56, '0'),
    })),
    searchedLogStreams: [],
    ...(next ? { nextToken: next } : {}),
  };
};

function malformed(message: string): AwsApiError {
  return new AwsApiError('MalformedQueryException', message);
}

/** Splits on `|` outside quotes and /regex/ literals. */
function splitPipes(query: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const char of query) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'" || char === '/') {
      quote = char;
    } else if (char === '|') {
      parts.push(current);
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter(Boolean);
}

function regexOf(literal: string): RegExp {
  const regex = /^\/(.*)\/(i?)$/.exec(literal);
  if (regex) return new RegExp(regex[1]!, regex[2]);
  const text = /^["'](.*)["']$/.exec(literal)?.[1];
  if (text === undefined) throw malformed(`Expected a string or a /regex/ after like, found ${literal}`);
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

export function parseInsightsQuery(query: string): Pipeline {
  const commands = splitPipes(query);
  if (commands.length === 0) throw malformed('The query is empty.');
  return commands.map((command): Command => {
    const [word = '', ...rest] = command.split(/\s+/);
    const args = rest.join(' ');
    switch (word.toLowerCase()) {
      case 'fields':
        return {
          kind: 'fields',
          fields: args
            .split(',')
            .map((f) => f.trim())
            .filter(Boolean),
        };
      case 'filter': {
        const like = /^(@?[\w.]+)\s+(not\s+like|like|=~)\s+(.+)$/i.exec(args);
        if (!like)
          throw malformed(`The sandbox reads filter <field> like "text" | /regex/, not: filter ${args}`);
        return {
          kind: 'filter',
          field: like[1]!,
          test: regexOf(like[3]!.trim()),
          negate: /^not/i.test(like[2]!),
        };
      }
      case 'sort': {
        const [field = '@timestamp', direction = 'desc'] = args.split(/\s+/);
        return { kind: 'sort', field, descending: direction.toLowerCase() !== 'asc' };
      }
      case 'limit': {
        const count = Number(args);
        if (!Number.isInteger(count) || count < 1 || count > 10_000)
          throw malformed('limit takes 1 to 10000.');
        return { kind: 'limit', count };
      }
      case 'stats': {
        const stats = /^count\(\*?\)(?:\s+as\s+(\w+))?(?:\s+by\s+(.+))?$/i.exec(args);
        if (!stats)
          throw malformed(
            `The sandbox reads stats count(*) [as name] [by field | bin(5m)], not: stats ${args}`,
          );
        return { kind: 'stats', as: stats[1] ?? 'count(*)', by: stats[2]?.trim() };
      }
      default:
        throw malformed(
          `Unexpected command ${word}: the sandbox reads fields, filter, sort, limit and stats.`,
        );
    }
  });
}

function field(event: LogEvent & { log: string }, name: string): string {
  switch (name) {
    case '@timestamp':
      return new Date(event.timestamp).toISOString().replace('T', ' ').replace('Z', '');
    case '@message':
      return event.message;
    case '@logStream':
      return event.logStreamName;
    case '@log':
      return event.log;
    default:
      return '';
  }
}

function runQuery(query: LogsQuery): { rows: { field: string; value: string }[][]; scanned: number } {
  let events = query.groups.flatMap((g) =>
    logEvents(g, query.start, query.end, query.now).map((e) => ({
      ...e,
      log: `${query.accountId}:${g.logGroupName}`,
    })),
  );
  const scanned = events.length;
  let fields = ['@timestamp', '@message'];
  let limit = query.limit;
  let sort: { field: string; descending: boolean } | undefined;
  for (const command of query.query) {
    if (command.kind === 'fields') fields = [...command.fields];
    else if (command.kind === 'filter')
      events = events.filter((e) => command.test.test(field(e, command.field)) !== command.negate);
    else if (command.kind === 'sort') sort = command;
    else if (command.kind === 'limit') limit = Math.min(limit, command.count);
    else {
      const by = command.by;
      const bin = by ? /^bin\((\d+)([smh])\)$/.exec(by) : null;
      const size = bin ? Number(bin[1]) * { s: 1000, m: MINUTE, h: 3_600_000 }[bin[2] as 's' | 'm' | 'h'] : 0;
      const counts = new Map<string, number>();
      for (const e of events) {
        const key = !by
          ? ''
          : bin
            ? field({ ...e, timestamp: Math.floor(e.timestamp / size) * size }, '@timestamp')
            : field(e, by);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const rows = [...counts].map(([key, count]) => [
        ...(by ? [{ field: by, value: key }] : []),
        { field: command.as, value: String(count) },
      ]);
      return { rows: rows.slice(0, limit), scanned };
    }
  }
  events.sort((a, b) => (sort?.descending === false ? 1 : -1) * (a.timestamp - b.timestamp));
  return {
    rows: events.slice(0, limit).map((e) => fields.map((f) => ({ field: f, value: field(e, f) }))),
    scanned,
  };
}

export const LOGS_OPERATIONS: Record<string, Operation> = {
  DescribeLogGroups: describeLogGroups,
  FilterLogEvents: filterLogEvents,
  StartQuery: (input) => {
    const { data, p, now, call, queries } = input;
    const names = [
      p.string('logGroupName'),
      ...p.list('logGroupNames'),
      ...p.list('logGroupIdentifiers'),
    ].filter((n): n is string => Boolean(n));
    if (names.length === 0)
      throw new AwsApiError('InvalidParameterException', 'Specify at least one log group.');
    const start = Number(p.get('startTime'));
    const end = Number(p.get('endTime'));
    if (!Number.isFinite(start) || !Number.isFinite(end) || start > end) {
      throw new AwsApiError(
        'InvalidParameterException',
        'startTime and endTime (epoch seconds) are required, start before end.',
      );
    }
    const queryString = p.string('queryString') ?? '';
    if (queryString.length > 10_000) throw malformed('The query is longer than 10000 characters.');
    return {
      queryId: queries.add({
        accountId: call.caller.accountId,
        region: call.region,
        groups: names.map((name) => findGroup(data, name, input)),
        start: start * 1000,
        end: end * 1000,
        query: parseInsightsQuery(queryString),
        limit: Number(p.get('limit') ?? 10_000),
        now,
        polls: 0,
      }),
    };
  },
  GetQueryResults: ({ p, call, queries }) => {
    const query = queries.get(p.string('queryId') ?? '', call.caller.accountId);
    if (!query || query.region !== call.region)
      throw new AwsApiError('ResourceNotFoundException', 'The specified query does not exist.');
    query.polls += 1;
    if (query.polls === 1) {
      return {
        status: 'Running',
        results: [],
        statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 },
      };
    }
    const { rows, scanned } = runQuery(query);
    return {
      status: 'Complete',
      results: rows,
      statistics: { recordsMatched: rows.length, recordsScanned: scanned, bytesScanned: scanned * 120 },
    };
  },
};
