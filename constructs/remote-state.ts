import { DataTerraformRemoteStateS3, type S3BackendConfig } from "cdktf";
import type { Construct } from "constructs";

/**
 * Reads another stack's state from its S3 backend without the lock table: readers never
 * lock, and Terraform >= 1.11 warns that `dynamodb_table` is deprecated in a reader.
 */
export function remoteStateReader(scope: Construct, id: string, backend: S3BackendConfig): DataTerraformRemoteStateS3 {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { dynamodbTable, ...reader } = backend;
  return new DataTerraformRemoteStateS3(scope, id, { ...reader, workspace: "${terraform.workspace}" });
}
