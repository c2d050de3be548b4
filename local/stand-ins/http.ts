/** HTTP helpers the loopback stand-ins share. */

/**
 * The whole request body, uncapped: stand-ins only hear from the code under test (the sandbox AWS,
 * which models a service's limits, keeps its own size-capped reader).
 */
export async function readBody(request: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
