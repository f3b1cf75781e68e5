import { Token } from "cdktf";
import type { ServiceConfig } from "../../config/types";
import type { DataOutputs } from "../contracts";
import { TRANSACTION_METRICS_NAMESPACE } from "./iam-policies";

/** Pinned X-Ray daemon image; a moving tag would change tasks without a code change. */
export const XRAY_DAEMON_IMAGE = "public.ecr.aws/xray/aws-xray-daemon:3.3";
/** Non-root user every container runs as. */
export const CONTAINER_USER = "1000:1000";
/** A writable directory on the task's ephemeral storage; the root filesystem is read-only. */
export interface ScratchVolume {
  readonly name: string;
  readonly path: string;
}

/**
 * /tmp always; with ECS Exec also the directories its SSM agent writes to, which AWS does not
 * document as supported under a read-only root but which keeps the root read-only in every profile.
 */
export function scratchVolumes(executeCommand: boolean): ScratchVolume[] {
  return [
    { name: "tmp", path: "/tmp" },
    ...(executeCommand
      ? [
          { name: "exec-agents", path: "/managed-agents" },
          { name: "exec-ssm-state", path: "/var/lib/amazon/ssm" },
          { name: "exec-ssm-logs", path: "/var/log/amazon/ssm" },
        ]
      : []),
  ];
}

interface KeyValue {
  readonly name: string;
  readonly value: string;
}

interface Secret {
  readonly name: string;
  readonly valueFrom: string;
}

/** The subset of the ECS container definition schema this platform uses. */
export interface ContainerDefinition {
  readonly name: string;
  readonly image: string;
  readonly essential: boolean;
  readonly user: string;
  readonly readonlyRootFilesystem: boolean;
  readonly privileged: false;
  readonly portMappings: readonly { containerPort: number; protocol: "tcp" | "udp" }[];
  readonly environment: readonly KeyValue[];
  readonly secrets: readonly Secret[];
  readonly mountPoints: readonly { sourceVolume: string; containerPath: string; readOnly: boolean }[];
  readonly healthCheck?: { command: string[]; interval: number; timeout: number; retries: number; startPeriod: number };
  readonly linuxParameters?: { initProcessEnabled: boolean };
  readonly logConfiguration: { logDriver: "awslogs"; options: Record<string, string> };
}

export interface ContainerDefinitionsProps {
  readonly service: ServiceConfig;
  /** <repository url>:<tag> */
  readonly image: string;
  readonly data: DataOutputs;
  readonly logGroupName: string;
  readonly region: string;
  readonly xrayTracing: boolean;
  readonly executeCommand: boolean;
}

/** The app container, plus the X-Ray daemon when tracing is on; serialised with JSON.stringify. */
export function containerDefinitions(p: ContainerDefinitionsProps): ContainerDefinition[] {
  const { service } = p;
  const logs = (prefix: string) => ({
    logDriver: "awslogs" as const,
    options: { "awslogs-group": p.logGroupName, "awslogs-region": p.region, "awslogs-stream-prefix": prefix },
  });
  const app: ContainerDefinition = {
    name: service.name,
    image: p.image,
    essential: true,
    user: CONTAINER_USER,
    readonlyRootFilesystem: true,
    privileged: false,
    portMappings: [{ containerPort: service.containerPort, protocol: "tcp" }],
    environment: sorted(environment(p)),
    secrets: secrets(service, p.data),
    mountPoints: scratchVolumes(p.executeCommand).map((v) => ({ sourceVolume: v.name, containerPath: v.path, readOnly: false })),
    ...healthCheck(service),
    // ECS Exec needs an init process to reap the SSM agent's children.
    ...(p.executeCommand ? { linuxParameters: { initProcessEnabled: true } } : {}),
    logConfiguration: logs(service.name),
  };
  if (!p.xrayTracing) return [app];
  const xray: ContainerDefinition = {
    name: "xray-daemon",
    image: XRAY_DAEMON_IMAGE,
    // Losing traces must not take the service down.
    essential: false,
    user: CONTAINER_USER,
    readonlyRootFilesystem: true,
    privileged: false,
    portMappings: [{ containerPort: 2000, protocol: "udp" }],
    environment: [],
    secrets: [],
    mountPoints: [],
    logConfiguration: logs("xray"),
  };
  return [app, xray];
}

/** The configured probe, the curl default, or none at all. */
function healthCheckCommand(service: ServiceConfig): string[] | undefined {
  const configured = service.healthCheckCommand;
  if (configured === "none") return undefined;
  return configured ? [...configured] : ["CMD-SHELL", `curl -f http://localhost:${service.containerPort}${service.healthCheckPath} || exit 1`];
}

function healthCheck(service: ServiceConfig): Pick<ContainerDefinition, "healthCheck"> {
  const command = healthCheckCommand(service);
  return command ? { healthCheck: { command, interval: 30, timeout: 5, retries: 3, startPeriod: 60 } } : {};
}

function environment(p: ContainerDefinitionsProps): KeyValue[] {
  const { service, data } = p;
  const env: Record<string, string> = {
    ...service.environment,
    METRICS_NAMESPACE: TRANSACTION_METRICS_NAMESPACE,
  };
  const dbUser = data.databaseUsers[service.name];
  if (dbUser) {
    // The cluster endpoints, whose names are on the RDS certificate (sslmode=verify-full), and
    // the service's own role; it signs an IAM token per connection, no password exists.
    env.DB_HOST = data.databaseClusterEndpoint;
    env.DB_READER_HOST = data.databaseReaderEndpoint;
    env.DB_PORT = Token.asString(data.databasePort);
    env.DB_NAME = data.databaseName;
    env.DB_USER = dbUser;
  }
  if (service.queueAccess !== "none") env.QUEUE_URL = data.queueUrl;
  if (service.queueAccess === "consume") env.DLQ_URL = data.deadLetterQueueUrl;
  if (data.cache) {
    env.REDIS_HOST = data.cache.primaryEndpoint;
    env.REDIS_PORT = Token.asString(data.cache.port);
    env.REDIS_USER = data.cache.userName;
  }
  // awsvpc tasks share one network namespace, so the sidecar is on localhost.
  if (p.xrayTracing) env.AWS_XRAY_DAEMON_ADDRESS = "127.0.0.1:2000";
  return Object.entries(env).map(([name, value]) => ({ name, value }));
}

/** Injected by ECS at start from Secrets Manager; the values never reach Terraform state.
 *  Never the database master secret: services authenticate to the database with IAM. */
function secrets(service: ServiceConfig, data: DataOutputs): Secret[] {
  return service.usesApiKeys ? [{ name: "API_KEYS", valueFrom: data.apiKeysSecretArn }] : [];
}

function sorted(list: KeyValue[]): KeyValue[] {
  return [...list].sort((a, b) => a.name.localeCompare(b.name));
}
