/** Errors of the link callback beyond a bad `state` (see LinkStateError in ../identity). */
import { IdentityError } from '../identity/errors.ts';

/** The Hosted UI token endpoint refused the code, or its ID token did not verify. */
export class LinkExchangeError extends IdentityError {}
