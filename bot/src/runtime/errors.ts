/** Errors of the runtime client: one base class so the pipeline can catch them together. */
import { CentralOpsError } from '#common/errors.ts';

export class RuntimeClientError extends CentralOpsError {}

/** The runtime answered with a non-2xx status or a body that is not an SSE stream of AgentEvents. */
export class RuntimeInvocationError extends RuntimeClientError {}
