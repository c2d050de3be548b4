/** Errors raised while building the CDK app. */

export class InfraError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InfraError';
  }
}

/** A context value that cannot be used (wrong shape or value). */
export class InfraConfigError extends InfraError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InfraConfigError';
  }
}
