import { Kafka, logLevel, type KafkaConfig, type Producer } from "kafkajs";
import { linkedOrUndefined } from "../util/links";

/**
 * Kafka clients for both homes:
 * - `KAFKA_BROKERS=host:port[,…]` (any Kafka a developer runs, the tests' mock cluster): plaintext, no auth;
 * - AWS: the MSK Serverless cluster linked as `Kafka`; bootstrap brokers resolved from its ARN
 *   (GetBootstrapBrokers), TLS on 9098 and SASL OAUTHBEARER with a SigV4 token from the
 *   function's role (aws-msk-iam-sasl-signer-js). MSK Serverless accepts IAM auth only.
 */
async function kafkaConfig(clientId: string, brokers?: string): Promise<KafkaConfig & { brokers: string[] }> {
  const level = process.env.KAFKA_LOG_LEVEL === "debug" ? logLevel.DEBUG : logLevel.NOTHING;
  const local = brokers ?? process.env.KAFKA_BROKERS;
  // Fail fast on a dead broker (defaults: 30 s per request): the relay retries on its own schedule.
  const timeouts = { connectionTimeout: 3000, requestTimeout: 10000 };
  if (local)
    return {
      clientId,
      brokers: local
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
      logLevel: level,
      ...timeouts,
    };

  const arn = kafkaArn();
  if (!arn) throw new Error("No Kafka: set KAFKA_BROKERS or link the Kafka resource");
  const region = arn.split(":")[3] || process.env.AWS_REGION || "us-east-1";
  const { KafkaClient, GetBootstrapBrokersCommand } = await import("@aws-sdk/client-kafka");
  const out = await new KafkaClient({ region }).send(new GetBootstrapBrokersCommand({ ClusterArn: arn }));
  const list = out.BootstrapBrokerStringSaslIam;
  if (!list) throw new Error("The MSK cluster has no IAM bootstrap brokers");
  const { generateAuthToken } = await import("aws-msk-iam-sasl-signer-js");
  return {
    clientId,
    brokers: list.split(","),
    ssl: true,
    sasl: {
      mechanism: "oauthbearer",
      oauthBearerProvider: async () => ({ value: (await generateAuthToken({ region })).token }),
    },
    logLevel: level,
    ...timeouts,
  };
}

function kafkaArn(): string | undefined {
  return (linkedOrUndefined("Kafka") as { arn?: string } | undefined)?.arn;
}

export async function createKafka(clientId: string, brokers?: string) {
  return new Kafka(await kafkaConfig(clientId, brokers));
}

/**
 * An idempotent producer (acks=all, one request in flight, so retries keep per-partition order and
 * never duplicate). librdkafka's mock cluster reports a controller id that is not a broker, and
 * KafkaJS sends InitProducerId to the controller; there, and only there, the producer falls back to
 * a plain one with one request in flight and acks=all: order still holds, a retried send may
 * duplicate a record, and the consumers deduplicate on the event id anyway.
 */
export async function createProducer(kafka: Kafka, log: (line: string) => void = () => {}): Promise<{ producer: Producer; idempotent: boolean; clusterId: string }> {
  const admin = kafka.admin();
  await admin.connect();
  let clusterId = "";
  let controllerKnown = true;
  try {
    const d = await admin.describeCluster();
    clusterId = d.clusterId;
    controllerKnown = d.brokers.some((b) => b.nodeId === d.controller);
  } finally {
    await admin.disconnect().catch(() => {});
  }
  if (!controllerKnown) log(`kafka: cluster ${clusterId} names no live controller (librdkafka mock): plain producer, acks=all, 1 in flight`);
  const producer = kafka.producer({
    idempotent: controllerKnown,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: true,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  await producer.connect();
  return { producer, idempotent: controllerKnown, clusterId };
}
