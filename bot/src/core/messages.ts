/**
 * What users read when CentralOps cannot answer: short, the kind of failure and what to do, never
 * its internals (those go to the log). One list for every adapter and both Lambdas of each.
 */
export const BOT_MESSAGES = {
  workspaceRefused: 'CentralOps is not enabled for this workspace.',
  dispatchFailed: 'CentralOps could not start on this request. Please try again.',
  agentUnreachable: 'The agent is unreachable right now. Please try again in a minute.',
  agentTimeout: 'The agent took too long to answer. Try again, or narrow the question.',
  agentBadAnswer: 'The agent sent an answer I could not read. Please try again.',
  internal: 'Something went wrong while answering. The error has been logged.',
  notInPrivateChannel:
    'I am not a member of this private channel, so I cannot answer here. Invite me with `/invite @centralops`, then ask again.',
  questionTooLong: 'That question is too long: 4,000 characters at most.',
  actionUnknown: 'That button is no longer supported. Ask the question again.',
  actionMalformed: 'That button could not be read. Ask the question again.',
  actionUserDisabled: 'Your CentralOps user is disabled or gone, so that button does nothing for you.',
  answerIncomplete:
    'the agent stopped before it finished, so what is shown may be partial. Please ask again.',
} as const;
