// The one table: ElectroDB configuration, and its key schema (the local stack creates it
// from this; stacks/Storage.ts declares the same on AWS).
import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";
import { Entity, Service } from "electrodb";
import { dynamodb } from "./aws";
import { alertEntity } from "./events/alert.entity";
import { deliveryEntity } from "./events/delivery.entity";
import { endpointEntity } from "./events/endpoint.entity";
import { eventEntity } from "./events/event.entity";
import { rateLimitEntity } from "./rate-limit/rate-limit.entity";
import { perSettings } from "./settings";
import { uploadEntity } from "./upload/upload.entity";

/**
 * The entities, bound to the current settings' table and client. ElectroDB binds an entity
 * instance in place, so each table gets instances of its own.
 */
export const service = perSettings(
  (value) => [value.table, value.region, value.endpoints.dynamodb, value.credentials?.accessKeyId],
  ({ table }) =>
    new Service(
      {
        upload: new Entity(uploadEntity.schema),
        rateLimit: new Entity(rateLimitEntity.schema),
        event: new Entity(eventEntity.schema),
        endpoint: new Entity(endpointEntity.schema),
        delivery: new Entity(deliveryEntity.schema),
        alert: new Entity(alertEntity.schema),
      },
      { table, client: dynamodb() },
    ),
);

export const db = () => service().entities;

/** TTL attribute (epoch seconds) DynamoDB uses to delete short-lived items. */
export const ttlAttribute = "ttl";

export function tableDefinition(tableName: string): CreateTableCommandInput {
  const keys = ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk"];
  const index = (n: 1 | 2 | 3) => ({
    IndexName: `gsi${n}`,
    KeySchema: [
      { AttributeName: `gsi${n}pk`, KeyType: "HASH" as const },
      { AttributeName: `gsi${n}sk`, KeyType: "RANGE" as const },
    ],
    Projection: { ProjectionType: "ALL" as const },
  });
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: keys.map((AttributeName) => ({ AttributeName, AttributeType: "S" })),
    KeySchema: [
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: [index(1), index(2), index(3)],
    // The events outbox is read from the stream (see events/).
    StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
  };
}
