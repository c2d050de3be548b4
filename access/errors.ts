/** Errors of the access floor: one base class, `cause` kept. */
import { CentralOpsError } from '#common/errors.ts';

class AccessError extends CentralOpsError {}

/** The accounts table could not be read. */
export class RegistryReadError extends AccessError {}

/** Cognito could not be asked (throttled, misconfigured pool, network): never read as "no groups". */
export class UserDirectoryError extends AccessError {}

/** The channels table could not be read: the caller refuses rather than guessing a policy. */
export class ChannelPolicyError extends AccessError {}

/** An audit record could not be stored (its log line was written all the same). */
export class AuditWriteError extends AccessError {}
