import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { type KeyAttribute, TABLES, type TableDefinition, type TableKind } from '#contracts/tables.ts';

export interface DataStackProps extends StackProps {
  /** Suffix of every table name: `<default name>-<envName>`. @default 'dev' */
  readonly envName?: string;
}

/** Tables that hold what operators seed (registry, identities) and the audit: kept when the stack is deleted. */
const RETAINED: ReadonlySet<TableKind> = new Set(['accounts', 'identities', 'channels', 'audit']);

/**
 * The DynamoDB tables of docs/architecture.md, declared from contracts/tables.ts (the definition the
 * local stand-ins create theirs from), with point-in-time recovery and encryption.
 */
export class DataStack extends Stack {
  readonly tables: Readonly<Record<TableKind, dynamodb.Table>>;

  constructor(scope: Construct, id: string, props: DataStackProps = {}) {
    super(scope, id, props);
    const envName = props.envName ?? 'dev';
    const kinds = Object.keys(TABLES) as TableKind[];
    this.tables = Object.fromEntries(
      kinds.map((kind) => [kind, this.table(kind, TABLES[kind], envName)]),
    ) as Record<TableKind, dynamodb.Table>;
  }

  private table(kind: TableKind, definition: TableDefinition, envName: string): dynamodb.Table {
    const table = new dynamodb.Table(this, `${kind[0]!.toUpperCase()}${kind.slice(1)}Table`, {
      tableName: `${definition.defaultName}-${envName}`,
      partitionKey: attribute(definition.partitionKey),
      sortKey: definition.sortKey && attribute(definition.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: definition.timeToLiveAttribute,
      removalPolicy: RETAINED.has(kind) ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    for (const index of definition.globalSecondaryIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: index.sortKey && attribute(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }
}

function attribute(key: KeyAttribute): dynamodb.Attribute {
  return {
    name: key.name,
    type: key.type === 'N' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING,
  };
}

/** The table-name variables of docs/architecture.md (ACCOUNTS_TABLE, ...) for the tables a function uses. */
export function tableEnvironment(
  tables: Partial<Readonly<Record<TableKind, dynamodb.ITable>>>,
): Record<string, string> {
  return Object.fromEntries(
    (Object.entries(tables) as [TableKind, dynamodb.ITable][]).map(([kind, table]) => [
      TABLES[kind].envVar,
      table.tableName,
    ]),
  );
}

/**
 * Lets `grantee` run `actions` on the items of `table` whose key starts with one of `keyPrefixes`
 * (IAM `dynamodb:LeadingKeys`), and on nothing else of it: no scan, query or other records.
 */
export function grantItemsUnder(
  table: dynamodb.ITable,
  grantee: iam.IGrantable,
  actions: readonly string[],
  keyPrefixes: readonly string[],
): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: [...actions],
    resourceArns: [table.tableArn],
    conditions: {
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': keyPrefixes.map((prefix) => `${prefix}*`) },
    },
  });
}
