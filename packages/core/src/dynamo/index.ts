import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { TableName } from "./tables";
import { links } from "../util/links";

export { tables, type TableName, type TableDefinition } from "./tables";

/**
 * A DynamoDB item as the DocumentClient returns it (attribute values already unmarshalled). The
 * SDK's own type is `Record<string, any>`; naming it once keeps the `any` in one place, and each
 * reader parses the attributes it uses.
 */
// biome-ignore lint/suspicious/noExplicitAny: the DocumentClient's item type (NativeAttributeValue is any).
export type Item = Record<string, any>;

let doc: DynamoDBDocumentClient | undefined;

/**
 * One document client per process. The endpoint comes from the SDK's standard
 * AWS_ENDPOINT_URL_DYNAMODB variable, which only the offline runtime sets.
 */
export function useDynamo(): DynamoDBDocumentClient {
  doc ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return doc;
}

/** The physical name of a linked table (`Resource.Patients.name`). */
export function tableName(name: TableName): string {
  return (links[name] as { name: string }).name;
}
