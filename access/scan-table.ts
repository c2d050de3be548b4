import { type DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import type { Item } from '#contracts/registry-items.ts';

/** Every item of a table (Scan, all pages). */
export async function scanTable(client: DynamoDBDocumentClient, tableName: string): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of paginateScan({ client }, { TableName: tableName }))
    items.push(...(page.Items ?? []));
  return items;
}
