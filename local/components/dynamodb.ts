/**
 * Embedded DynamoDB for tests and the local stack: dynalite (in memory, no native build) on a
 * free loopback port, with every CentralOps table created from the one schema in
 * contracts/tables.ts.
 */
import type { AddressInfo } from 'node:net';
import {
  type AttributeDefinition,
  CreateTableCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import dynalite from 'dynalite';
import { type KeyAttribute, TABLES, type TableDefinition, tableName } from '#contracts/tables.ts';

export interface LocalDynamoDB {
  /** `http://127.0.0.1:<port>`, also in `env.AWS_ENDPOINT_URL_DYNAMODB`. */
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
  /** AWS_ENDPOINT_URL_DYNAMODB, AWS_REGION and dummy AWS credentials, for code that builds its own client. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

const REGION = 'us-east-1';
// dynalite accepts any credentials; the SDK only needs some to sign with.
const DUMMY_CREDENTIALS = { accessKeyId: 'AKIALOCALDYNAMODB000', secretAccessKey: 'local-dynamodb-secret' };

/** Starts dynalite in-process on 127.0.0.1 (free port) and creates every table in TABLES. */
export async function startLocalDynamoDB(): Promise<LocalDynamoDB> {
  // Tables become ACTIVE at once: nothing waits on CREATING.
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: REGION, credentials: DUMMY_CREDENTIALS });
  const documentClient = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const env = {
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
  };
  const stop = async (): Promise<void> => {
    client.destroy();
    server.closeAllConnections?.();
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  };
  try {
    await createTables(client);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, client, documentClient, env, stop };
}

/**
 * Creates every table in TABLES (names resolved from `env`, as the Lambdas resolve them):
 * key schema, GSIs projecting ALL, on-demand billing, and TTL where the definition has one.
 */
export async function createTables(
  client: DynamoDBClient,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  for (const kind of Object.keys(TABLES) as (keyof typeof TABLES)[]) {
    const definition: TableDefinition = TABLES[kind];
    const name = tableName(kind, env);
    await client.send(new CreateTableCommand(createTableInput(name, definition)));
    if (definition.timeToLiveAttribute) {
      await enableTimeToLive(client, name, definition.timeToLiveAttribute);
    }
  }
}

function createTableInput(name: string, definition: TableDefinition) {
  const attributes = new Map<string, AttributeDefinition>();
  const keySchema = (partitionKey: KeyAttribute, sortKey?: KeyAttribute): KeySchemaElement[] => {
    const keys: KeySchemaElement[] = [];
    for (const [attribute, keyType] of [
      [partitionKey, 'HASH'],
      [sortKey, 'RANGE'],
    ] as const) {
      if (!attribute) continue;
      attributes.set(attribute.name, { AttributeName: attribute.name, AttributeType: attribute.type });
      keys.push({ AttributeName: attribute.name, KeyType: keyType });
    }
    return keys;
  };
  const KeySchema = keySchema(definition.partitionKey, definition.sortKey);
  const GlobalSecondaryIndexes: GlobalSecondaryIndex[] = definition.globalSecondaryIndexes.map((index) => ({
    IndexName: index.indexName,
    KeySchema: keySchema(index.partitionKey, index.sortKey),
    Projection: { ProjectionType: 'ALL' },
  }));
  return {
    TableName: name,
    KeySchema,
    AttributeDefinitions: [...attributes.values()],
    BillingMode: 'PAY_PER_REQUEST' as const,
    ...(GlobalSecondaryIndexes.length > 0 ? { GlobalSecondaryIndexes } : {}),
  };
}

async function enableTimeToLive(client: DynamoDBClient, name: string, attribute: string): Promise<void> {
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: attribute, Enabled: true },
      }),
    );
  } catch (error) {
    // dynalite implements DescribeTimeToLive but not UpdateTimeToLive (it never expires items
    // either); DynamoDB Local and DynamoDB itself accept the call.
    if ((error as { name?: string }).name !== 'UnknownOperationException') throw error;
  }
}
