/**
 * The operation policy over every operation of the AWS service models shipped in the aws-sdk
 * package (the models botocore ships): what it allows is read-only by name, the catalog's calls
 * exist, and the committed paginator table is the one the models give.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVICE_CATALOG } from '#agent/src/catalog/index.ts';
import { classifyOperation, toCliOperation, toCliService } from '#bridge/src/guard/operation-policy.ts';
import { REPO_ROOT } from '#infra/lib/bundles.ts';
import { loadServiceModels, PAGINATORS_PATH, paginatorTable, policyCounts } from '#scripts/aws-models.ts';

const models = loadServiceModels();

/** Verbs that change something: no operation starting with one may be allowed. */
const MUTATING =
  /^(?:Create|Delete|Put|Update|Modify|Terminate|Stop|Start|Run|Invoke|Send|Publish|Attach|Detach|Associate|Disassociate|Enable|Disable|Register|Deregister|Reset|Restore|Copy|Import|Export|Cancel|Authorize|Revoke|Purge|Receive|Tag|Untag|Set|Add|Remove|Execute|Reboot|Replace|Accept|Reject|Assume|Decrypt|Encrypt|Sign|Generate|Rotate|Upload|Batch(?!Get|Describe))/;

describe('operation policy over the AWS service models', () => {
  it('reads hundreds of services and thousands of operations', () => {
    // Act
    const counts = policyCounts(models);
    // Assess
    expect(counts.services).toBeGreaterThan(300);
    expect(counts.operations).toBeGreaterThan(10_000);
    expect(counts.allowed).toBeGreaterThan(0);
    expect(counts.allowed + counts.refused).toBe(counts.operations);
  });

  it('allows no operation whose verb changes anything', () => {
    // Act
    const allowedMutations = models.flatMap((model) =>
      model.operations
        .filter((operation) => MUTATING.test(operation))
        .filter(
          (operation) => classifyOperation(toCliService(model.service), toCliOperation(operation)).allowed,
        )
        .map((operation) => `${model.service}.${operation}`),
    );
    // Assess: the one exception is explicit and named in the policy (a Logs Insights query only reads).
    expect(allowedMutations).toEqual(['logs.StartQuery']);
  });

  it('allows only operations named as reads', () => {
    // Act
    const odd = models.flatMap((model) =>
      model.operations
        .filter(
          (operation) => classifyOperation(toCliService(model.service), toCliOperation(operation)).allowed,
        )
        .filter(
          (operation) =>
            !/^(?:Describe|List|Get|Search|Lookup|BatchGet|BatchDescribe|Filter|Head|Select(?:Aggregate)?ResourceConfig)/.test(
              operation,
            ),
        )
        .map((operation) => `${model.service}.${operation}`),
    );
    // Assess
    expect(odd).toEqual(['logs.StartQuery']);
  });

  it("names only operations that exist in the catalog's calls", () => {
    // Prepare
    const byService = new Map(models.map((model) => [model.service, new Set(model.operations)]));
    // Act
    const missing = SERVICE_CATALOG.flatMap((service) =>
      service.resources.map((resource) => resource.call({}, new Date())),
    ).filter((call) => !byService.get(call.service)?.has(call.operation));
    // Assess
    expect(missing).toEqual([]);
  });

  it('keeps bridge/src/paginators.json as the models give it (npx tsx scripts/aws-models.ts --write-paginators)', () => {
    // Act
    const committed = JSON.parse(readFileSync(path.join(REPO_ROOT, PAGINATORS_PATH), 'utf8'));
    // Assess
    expect(committed).toEqual(paginatorTable(models));
  });
});
