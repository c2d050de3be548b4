/** Errors of the alert notifier: one base class so its entry points can tell them apart. */
import { CentralOpsError } from '#common/errors.ts';

class AlertError extends CentralOpsError {}

/** A delivery could not be queued: the event is given back for EventBridge to retry. */
export class AlertQueueError extends AlertError {}

/** The alert's thread or a channel's mute could not be read or written. */
export class AlertStateError extends AlertError {}

/** A chat platform refused a post after its retries: the delivery stays queued. */
export class AlertPostError extends AlertError {}
