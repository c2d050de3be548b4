/**
 * Reads an AWS organization: every account with its OU path, state and tags. It walks the OU tree
 * from the root (ListOrganizationalUnitsForParent, ListAccountsForParent, 20 per page): one page
 * per 20 accounts gives each account and its OU path at once, where ListAccounts + ListParents
 * would cost a call per account. Tags cost one ListTagsForResource per account: Organizations has
 * no batch read of them.
 */
import {
  type Account,
  DescribeOrganizationCommand,
  type OrganizationsClient,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  paginateListRoots,
  paginateListTagsForResource,
} from '@aws-sdk/client-organizations';
import pLimit from 'p-limit';
import { OrganizationReadError } from './errors.ts';
import { childPath } from './ou-path.ts';

/** One account as the organization describes it. */
export interface OrganizationAccount {
  readonly id: string;
  readonly name: string;
  /**
   * Account.State (ACTIVE, SUSPENDED, PENDING_CLOSURE, PENDING_ACTIVATION, CLOSED), or the retired
   * Account.Status where only it is answered; UNKNOWN when neither is.
   */
  readonly state: string;
  /** OU names from the root: `/Workloads/Prod`; `/` for the root. */
  readonly ouPath: string;
  readonly tags: Readonly<Record<string, string>>;
}

export interface OrganizationSnapshot {
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly accounts: readonly OrganizationAccount[];
  /** Organizations calls made, by operation (pages, not SDK retries). */
  readonly calls: Readonly<Record<string, number>>;
}

export interface ReadProgress {
  readonly step: 'accounts' | 'tags';
  readonly done: number;
  /** Known for tags (one call per account); undefined while the tree is being walked. */
  readonly total?: number;
}

export interface ReadOrganizationOptions {
  /** Organizations calls in flight at once. @default 8 */
  readonly concurrency?: number;
  readonly onProgress?: (progress: ReadProgress) => void;
}

/** The service's own largest page. */
const PAGE_SIZE = 20;

export async function readOrganization(
  client: OrganizationsClient,
  options: ReadOrganizationOptions = {},
): Promise<OrganizationSnapshot> {
  const limit = pLimit(options.concurrency ?? 8);
  const calls: Record<string, number> = {};
  const count = (operation: string) => {
    calls[operation] = (calls[operation] ?? 0) + 1;
  };
  /** Every item of every page, each page counted as one call. */
  const all = async <Page, Item>(
    operation: string,
    pages: AsyncIterable<Page>,
    items: (page: Page) => Item[] | undefined,
  ) => {
    const out: Item[] = [];
    for await (const page of pages) {
      count(operation);
      out.push(...(items(page) ?? []));
    }
    return out;
  };
  const paging = { client, pageSize: PAGE_SIZE };

  try {
    count('DescribeOrganization');
    const { Organization } = await client.send(new DescribeOrganizationCommand({}));
    const roots = await all('ListRoots', paginateListRoots(paging, {}), (page) => page.Roots);

    const found: { account: Account; ouPath: string }[] = [];
    const visit = async (parentId: string, ouPath: string): Promise<void> => {
      const [ous, accounts] = await Promise.all([
        limit(() =>
          all(
            'ListOrganizationalUnitsForParent',
            paginateListOrganizationalUnitsForParent(paging, { ParentId: parentId }),
            (page) => page.OrganizationalUnits,
          ),
        ),
        limit(() =>
          all(
            'ListAccountsForParent',
            paginateListAccountsForParent(paging, { ParentId: parentId }),
            (page) => page.Accounts,
          ),
        ),
      ]);
      for (const account of accounts) found.push({ account, ouPath });
      options.onProgress?.({ step: 'accounts', done: found.length });
      await Promise.all(ous.map((ou) => visit(ou.Id ?? '', childPath(ouPath, ou.Name ?? ou.Id ?? ''))));
    };
    await Promise.all(roots.map((root) => visit(root.Id ?? '', '/')));

    let tagged = 0;
    const accounts = await Promise.all(
      found.map(({ account, ouPath }) =>
        limit(async (): Promise<OrganizationAccount> => {
          const id = account.Id ?? '';
          const tags = await all(
            'ListTagsForResource',
            paginateListTagsForResource({ client }, { ResourceId: id }),
            (page) => page.Tags,
          );
          options.onProgress?.({ step: 'tags', done: ++tagged, total: found.length });
          return {
            id,
            name: account.Name ?? '',
            state: account.State ?? account.Status ?? 'UNKNOWN',
            ouPath,
            tags: Object.fromEntries(tags.map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
          };
        }),
      ),
    );
    return {
      organizationId: Organization?.Id ?? '',
      managementAccountId: Organization?.MasterAccountId ?? '',
      accounts,
      calls,
    };
  } catch (error) {
    throw new OrganizationReadError(describe(error), { cause: error });
  }
}

/** What went wrong, in the words an operator acts on. */
function describe(error: unknown): string {
  const name = (error as Error).name;
  switch (name) {
    case 'AWSOrganizationsNotInUseException':
      return 'Could not read the organization: the account of these credentials is in no organization (AWSOrganizationsNotInUseException)';
    case 'AccessDeniedException':
      return 'Could not read the organization: access denied; the role must be in the management account or a delegated administrator and allow organizations:List*/Describe* (AccessDeniedException)';
    case 'AccessDenied':
      return `Could not assume the role rules.yaml names to read the organization (AccessDenied: ${(error as Error).message})`;
    case 'TooManyRequestsException':
      return 'Could not read the organization: Organizations kept throttling after retries (TooManyRequestsException)';
    default:
      return `Could not read the organization (${name}: ${(error as Error).message})`;
  }
}
