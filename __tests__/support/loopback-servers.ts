import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import type { AddressInfo } from "node:net";
import S3rver from "s3rver";

/**
 * s3rver (S3 API) and dynalite (DynamoDB API) on 127.0.0.1, random free ports, with one bucket
 * and one Terraform lock table; prints {"s3": <url>, "dynamodb": <url>} on stdout and stops on
 * SIGTERM. A child process of the test, because the test runs terraform synchronously and an
 * in-process server could not answer it meanwhile.
 *
 * node --import tsx __tests__/support/loopback-servers.ts <directory> <bucket> <lock table>
 */
export const LOOPBACK_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

async function start(directory: string, bucket: string, lockTable: string): Promise<void> {
  const s3 = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port: s3Port } = await s3.run();
  const dynamo = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => dynamo.listen(0, "127.0.0.1", resolve));
  const endpoints = { s3: `http://127.0.0.1:${s3Port}`, dynamodb: `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}` };
  await new DynamoDBClient({ region: "us-east-1", endpoint: endpoints.dynamodb, credentials: LOOPBACK_CREDENTIALS }).send(
    new CreateTableCommand({
      TableName: lockTable,
      AttributeDefinitions: [{ AttributeName: "LockID", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "LockID", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  process.once("SIGTERM", () => {
    void s3.close();
    dynamo.close(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify(endpoints)}\n`);
}

if (require.main === module) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  const [directory, bucket, lockTable] = process.argv.slice(2);
  void start(directory, bucket, lockTable);
}
