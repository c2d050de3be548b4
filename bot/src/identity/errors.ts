/** Errors of the identity area (mapping, link state): one base class, `cause` kept. */
import { CentralOpsError, messageOf } from '#common/errors.ts';

export class IdentityError extends CentralOpsError {}

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
    this.failure = failure;
  }
}

/** Runs one call to a store; its failure becomes an IdentityError saying what could not be done. */
export async function storeCall<T>(what: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof IdentityError) throw error;
    throw new IdentityError(`Could not ${what}: ${messageOf(error)}`, { cause: error });
  }
}
