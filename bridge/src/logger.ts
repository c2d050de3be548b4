/**
 * The bridge's logger: Powertools Logger whose JSON serializer passes every key and value through
 * the redaction module, so no log line can carry a secret, whatever a caller puts in it.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '@aws-lambda-powertools/logger/types';
import { redactingReplacer } from '#common/redact.ts';

export interface BridgeLoggerOptions {
  /** @default POWERTOOLS_LOG_LEVEL, else INFO */
  readonly logLevel?: LogLevel;
}

export function createBridgeLogger(options: BridgeLoggerOptions = {}): Logger {
  return new Logger({
    serviceName: 'centralops-bridge',
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
    jsonReplacerFn: redactingReplacer,
  });
}
