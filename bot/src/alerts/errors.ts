/** Errors of the alert notifier: one class per thing that fails; its `name` says which in the logs. */
import { CentralOpsError } from '#common/errors.ts';

class AlertError extends CentralOpsError {}

/** A delivery could not be queued: the event is given back for EventBridge to retry. */
export class AlertQueueError extends AlertError {}

/** The alert's thread could not be read or written (a channel's mute fails as ChannelMuteError). */
export class AlertStateError extends AlertError {}

/** A chat platform refused a post after its retries: the delivery stays queued. */
export class AlertPostError extends AlertError {}
