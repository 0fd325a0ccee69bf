/**
 * The conditional writes Powertools' idempotency layer makes, answered at the DynamoDB client
 * boundary the way DynamoDB answers them: a second PutItem for a key that holds a record fails with
 * ConditionalCheckFailedException carrying that record (ReturnValuesOnConditionCheckFailure).
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';

type Item = Record<string, AttributeValue>;

export function fakeIdempotencyTable(dynamo: AwsClientStub<DynamoDBClient>, tableName: string): Map<string, Item> {
  const items = new Map<string, Item>();
  const keyOf = (key: Item | undefined) => key?.id?.S ?? '';
  dynamo.on(PutItemCommand, { TableName: tableName }).callsFake((input: { Item: Item }) => {
    const id = keyOf(input.Item);
    const existing = items.get(id);
    if (existing !== undefined) {
      throw new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: existing,
      });
    }
    items.set(id, input.Item);
    return {};
  });
  dynamo
    .on(UpdateItemCommand, { TableName: tableName })
    .callsFake(
      (input: { Key: Item; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Item }) => {
        const id = keyOf(input.Key);
        const item = { ...(items.get(id) ?? input.Key) };
        for (const [placeholder, name] of Object.entries(input.ExpressionAttributeNames)) {
          const value = input.ExpressionAttributeValues[`:${placeholder.slice(1)}`];
          if (value !== undefined) item[name] = value;
        }
        items.set(id, item);
        return {};
      },
    );
  dynamo.on(DeleteItemCommand, { TableName: tableName }).callsFake((input: { Key: Item }) => {
    items.delete(keyOf(input.Key));
    return {};
  });
  return items;
}
