/**
 * The bot's structured JSON logger (Powertools). One factory so every bot Lambda logs the same
 * shape; the level follows POWERTOOLS_LOG_LEVEL / AWS_LAMBDA_LOG_LEVEL.
 */
import { Logger } from '@aws-lambda-powertools/logger';

/** @param serviceName e.g. `centralops-slack`; POWERTOOLS_SERVICE_NAME wins when set. */
export function createBotLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}
