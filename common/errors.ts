/**
 * The one error base of CentralOps. Every error class extends CentralOpsError, directly or through
 * its area's base, and needs no constructor of its own: `name` is the class's own name, read from
 * `new.target` (the bundler keeps class names through minification: `keepNames` in
 * infra/lib/bundles.ts), and `cause` travels in ErrorOptions.
 */
export class CentralOpsError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A setting is missing, unreadable or contradictory: what every config reader throws. */
export class ConfigError extends CentralOpsError {}

/** The message of anything thrown: an Error's own, else its text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
