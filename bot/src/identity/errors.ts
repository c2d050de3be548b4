/** Errors of the identity area (mapping, link state): one base class, `cause` kept. */
export class IdentityError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IdentityError';
  }
}

/** A required setting (LINK_STATE_SECRET, COGNITO_DOMAIN, ...) is missing or unusable. */
export class IdentityConfigError extends IdentityError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IdentityConfigError';
  }
}

export type LinkStateFailure =
  | 'malformed'
  | 'signature'
  | 'expired'
  /** Already used, or never issued by us (no nonce record). */
  | 'replayed'
  /** The stored record names another chat identity than the signed state. */
  | 'binding';

/** A link callback's `state` failed one check; `failure` says which (never shown with secrets). */
export class LinkStateError extends IdentityError {
  readonly failure: LinkStateFailure;
  constructor(failure: LinkStateFailure, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LinkStateError';
    this.failure = failure;
  }
}
