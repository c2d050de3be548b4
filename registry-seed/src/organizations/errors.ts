import { RegistryError } from '../errors.ts';

/** The organization could not be read (no organization, access denied, throttled past retries, …). */
export class OrganizationReadError extends RegistryError {}
