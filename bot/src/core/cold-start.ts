/**
 * What a Lambda handler builds on its first event (clients, settings, secrets) and keeps for the
 * sandbox's life. A failed build, e.g. Secrets Manager throttled, is retried on the next event
 * instead of poisoning the sandbox.
 */
export function onFirstUse<T>(build: () => T | Promise<T>): () => Promise<T> {
  let built: Promise<T> | undefined;
  return () => {
    built ??= Promise.resolve()
      .then(build)
      .catch((error: unknown) => {
        built = undefined;
        throw error;
      });
    return built;
  };
}
