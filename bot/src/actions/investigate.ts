/**
 * Investigate: a read-only investigation of an alert, run as whoever taps, streamed into the alert's
 * thread. The plan is deterministic and made of `/ops` diagnostics (the agent's own verbs, so every
 * call goes through its authorization, the Gateway and the bridge's read-only guard as the tapper):
 * the alarm's metric over the last hours, the write events (CloudTrail) in that account and region
 * before it, the resource the alert names, described, and the recent error lines of its log group.
 * The alert's facts ride in the button; they are only ever used as the tapper's own commands, so a
 * forged value grants nothing the tapper could not have typed. A tapper who may not read the
 * account is refused in the thread.
 */
import * as z from 'zod/mini';
import { ACCOUNT_ID, REGION } from '#contracts/registry.ts';
import type { ActionTurn } from '../core/chat-action.ts';
import { defineAction } from '../core/chat-action.ts';

/** One word of an `/ops` command line: no spaces, nothing the command grammar would read as more. */
const word = (max: number) => z.string().check(z.minLength(1), z.maxLength(max), z.regex(/^[^\s]+$/));

const schema = z.object({
  /** Account id. */
  a: z.string().check(z.regex(ACCOUNT_ID)),
  /** Region. */
  r: z.string().check(z.regex(REGION)),
  /** The alarm's metric, as the metric verb names one: `Namespace:Metric:Dimension=value`. */
  m: z.optional(word(400)),
  /** Its statistic. */
  s: z.optional(word(32)),
  /** The resource the alert names (an id, a name or an ARN). */
  x: z.optional(word(512)),
  /** A log group (or Lambda function) to read error lines from. */
  l: z.optional(word(512)),
});

export type InvestigationFacts = z.infer<typeof schema>;

/** How far back the metric, the changes and the logs are read. */
const WINDOW = { metric: '3h', changes: '3h', logs: '1h' } as const;

/** The investigation's steps: `/ops` command lines (without `/ops`), in the order they are asked. */
export function investigationPlan(facts: InvestigationFacts): string[] {
  const { a, r } = facts;
  return [
    ...(facts.m ? [`${a} metric ${facts.m} ${WINDOW.metric} ${r}${facts.s ? ` ${facts.s}` : ''}`] : []),
    `${a} changes ${WINDOW.changes} ${r}`,
    ...(facts.x ? [`${a} describe ${facts.x}`] : []),
    ...(facts.l ? [`${a} logs ${facts.l} ERROR ${WINDOW.logs}`] : []),
  ];
}

export const investigate = defineAction({
  name: 'investigate',
  schema,
  async run(facts, turn) {
    if (!(await mayRead(facts, turn))) return;
    for (const step of investigationPlan(facts)) {
      await turn.ask({ prompt: step, command: true }, turn.replies.inThread());
    }
  },
});

/** Whether the tapper may read the alert's account here; if not, says so in the thread. */
async function mayRead(facts: InvestigationFacts, turn: ActionTurn): Promise<boolean> {
  const { allowed, refused } = await turn.access.authorize([facts.a]);
  if (allowed.length > 0) return true;
  turn.logger.warn('investigation refused', { userId: turn.action.userId, account: facts.a });
  const reason = refused[0]?.reason ?? 'not allowed';
  const reply = turn.replies.inThread();
  await reply.fail(`Investigation refused for ${turn.user.cognitoUsername}: account ${facts.a}: ${reason}.`);
  await reply.close();
  return false;
}
