/** Errors of the sandbox AWS: each carries the AWS error code and HTTP status it answers with. */
import { CentralOpsError } from '#common/errors.ts';

export class SandboxAwsError extends CentralOpsError {}

/** An error AWS would answer: `code` as in the wire error, `status` the HTTP status. */
export class AwsApiError extends SandboxAwsError {
  readonly code: string;
  readonly status: number;
  /** 'Sender' (client fault) or 'Receiver' (service fault), as in query-protocol errors. */
  readonly type: 'Sender' | 'Receiver';

  constructor(code: string, message: string, status = 400, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.status = status;
    this.type = status >= 500 ? 'Receiver' : 'Sender';
  }
}

/** A failure inside the Python sandbox of aws___run_script (not an AWS API error). */
export class ScriptError extends SandboxAwsError {
  readonly pythonType: string;

  constructor(pythonType: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.pythonType = pythonType;
  }
}
