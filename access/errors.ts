/** Errors of the authorization area. */
class AuthorizationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AuthorizationError';
  }
}

/** The accounts table could not be read. */
export class RegistryReadError extends AuthorizationError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RegistryReadError';
  }
}

/** Cognito could not be asked (throttled, misconfigured pool, network): never read as "no groups". */
export class UserDirectoryError extends AuthorizationError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UserDirectoryError';
  }
}

/** The channels table could not be read: the caller refuses rather than guessing a policy. */
export class ChannelPolicyError extends AuthorizationError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ChannelPolicyError';
  }
}
