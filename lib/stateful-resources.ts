/**
 * Resource types whose deletion or replacement loses data or something that cannot be
 * recreated as it was (a KMS key's key material, a hosted zone's name servers). The plan
 * guard refuses to delete or replace any of them unless the address is named with --allow.
 *
 * One list for the whole platform: a construct that adds a resource holding data (a backup
 * vault, a CloudTrail bucket) adds its type here. __tests__/ops/plan-guard.test.ts checks that
 * every type exists in hashicorp/aws 5.100.0.
 */
export const STATEFUL_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  // The list the issue names.
  aws_rds_cluster: "Aurora cluster: the database",
  aws_rds_cluster_instance: "Aurora instance: replacing the writer fails the cluster over",
  aws_kms_key: "KMS key: whatever it encrypted cannot be decrypted once the key is gone",
  aws_s3_bucket: "S3 bucket: objects and every version of them",
  aws_secretsmanager_secret: "Secrets Manager secret: values filled outside Terraform (API keys)",
  aws_elasticache_replication_group: "Redis replication group: cached and session data",
  aws_dynamodb_table: "DynamoDB table: items (the state lock table included)",
  aws_ecr_repository: "ECR repository: every image a release or rollback needs",
  aws_route53_zone: "Route 53 zone: records, and for a public zone the delegated name servers",
  aws_backup_vault: "Backup vault: recovery points",
  // Also hold data.
  aws_rds_global_cluster: "Aurora global cluster: the database across regions",
  aws_db_instance: "RDS instance: the database",
  aws_elasticache_cluster: "ElastiCache cluster: cached data",
  aws_elasticache_serverless_cache: "ElastiCache serverless cache: cached data",
  aws_sqs_queue: "SQS queue: messages not yet processed (payments in flight, the dead-letter queue)",
  aws_cloudwatch_log_group: "log group: audit and application logs kept for PCI DSS 10.5.1",
  aws_cloudtrail_event_data_store: "CloudTrail Lake event data store: audit events",
  aws_efs_file_system: "EFS file system: files",
};

export function isStateful(type: string): boolean {
  return Object.hasOwn(STATEFUL_RESOURCE_TYPES, type);
}
