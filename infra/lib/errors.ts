/** Errors raised while building the CDK app; a context value that cannot be used is a ConfigError. */
import { CentralOpsError } from '#common/errors.ts';

export class InfraError extends CentralOpsError {}
