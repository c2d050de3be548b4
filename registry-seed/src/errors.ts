/** Errors of the registry area; every one extends RegistryError and keeps its `cause`. */
import { CentralOpsError } from '#common/errors.ts';

export class RegistryError extends CentralOpsError {}

/** One problem found in the registry files, located as precisely as the YAML allows. */
export interface RegistryProblem {
  /** File name relative to the registry directory, e.g. `accounts.yaml`. */
  readonly file: string;
  /** 1-based line, when the problem points at a node of the file. */
  readonly line?: number;
  /** Path of the offending field, e.g. `accounts[3].id`; empty for file-level problems. */
  readonly field: string;
  readonly message: string;
}

/** `accounts.yaml:12 accounts[3].id: must be 12 digits` */
export function formatProblem(problem: RegistryProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return problem.field ? `${where} ${problem.field}: ${problem.message}` : `${where}: ${problem.message}`;
}

/** Thrown by loadRegistryDir with every problem found, not only the first. */
export class RegistryValidationError extends RegistryError {
  public readonly problems: readonly RegistryProblem[];

  public constructor(problems: readonly RegistryProblem[], options?: ErrorOptions) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      `Registry is invalid (${count}):\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
      options,
    );
    this.problems = problems;
  }
}

/** Writing the registry to DynamoDB failed (after retries, for unprocessed items). */
export class RegistrySeedError extends RegistryError {}
