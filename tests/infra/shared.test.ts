import { test, before } from "node:test";
import assert from "node:assert/strict";
import { synth, unwrap, type Rec } from "./harness";
import { sharedInfrastructure, SharingError } from "../../stacks/sharing";

/**
 * A non-production stage deployed with another stage's VPC and MSK cluster (stacks/sharing.ts,
 * issue 23.12), synthesized under Pulumi mocks in its own process (tests/infra/run.sh): it must
 * create no VPC, NAT, endpoints, cluster or Kafka security group, and keep its topics, groups and
 * grants to names carrying its own stage.
 */
const VPC = "vpc-0123456789abcdef0";
const KAFKA = "arn:aws:kafka:us-east-1:123456789012:cluster/carebeat-dev-kafka/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b-s1";
let created: Rec[];
let outputs: Record<string, unknown>;
const made = (type: string) => created.filter((c) => c.type === type && !c.read);

before(async () => {
  process.env.CAREBEAT_SHARED_VPC_ID = VPC;
  process.env.CAREBEAT_SHARED_KAFKA_ARN = KAFKA;
  ({ created, outputs } = await synth("pr-42"));
});

test("a sharing stage creates no VPC, NAT, VPC endpoints, Kafka cluster or Kafka security group", () => {
  for (const type of [
    "aws:ec2/vpc:Vpc",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/instance:Instance",
    "aws:ec2/vpcEndpoint:VpcEndpoint",
    "aws:msk/serverlessCluster:ServerlessCluster",
    "aws:ec2/subnet:Subnet",
  ])
    assert.deepEqual(
      made(type).map((c) => c.name),
      [],
      type,
    );
  assert.ok(!created.some((c) => c.name === "KafkaSecurityGroup"));
  assert.ok(
    created.some((c) => c.type === "aws:msk/serverlessCluster:ServerlessCluster" && c.read),
    "the cluster is read by ARN",
  );
  assert.ok(
    created.some((c) => c.type === "aws:ec2/vpc:Vpc" && c.read),
    "the VPC is read by id",
  );
});

test("its functions run in the shared VPC's private subnets and its mappings read the shared cluster", async () => {
  const fn = made("aws:lambda/function:Function").find((f) => f.name === "ApiHandlerFunction")!;
  assert.deepEqual(fn.inputs.vpcConfig?.subnetIds, ["shared-private-subnet-1", "shared-private-subnet-2"]);
  const mappings = made("aws:lambda/eventSourceMapping:EventSourceMapping");
  assert.equal(mappings.length, 5, "analytics × 2 (appointments, prescriptions), invoice push, notifications × 2");
  for (const m of mappings) {
    assert.equal(unwrap(m.inputs.eventSourceArn), KAFKA, m.name);
    assert.match(m.inputs.topics[0], /^pr-42\./, m.name);
    assert.match(unwrap(m.inputs.amazonManagedKafkaEventSourceConfig).consumerGroupId, /^pr-42\.carebeat-/, m.name);
  }
  const topics = JSON.parse(unwrap(made("aws:lambda/invocation:Invocation").find((i) => i.name === "KafkaTopicsOnDeploy")!.inputs.input)).topics;
  assert.deepEqual(topics, ["pr-42.appointment-events", "pr-42.invoice-events", "pr-42.prescription-events"]);
  const policies = JSON.stringify(created.filter((c) => c.type.startsWith("aws:iam/")).map((c) => c.inputs));
  assert.ok(policies.includes("topic/carebeat-dev-kafka/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b-s1/pr-42.*"), "grants only this stage's topics");
  assert.ok(!policies.includes('-s1/*\\"'), "never every topic of the shared cluster");
  // The outputs a further sharing stage would be deployed with name the same VPC and cluster.
  const resolved = (o: any) => new Promise((r) => o.apply(r));
  assert.equal(await resolved(outputs.kafka), KAFKA);
  assert.equal(await resolved(outputs.vpc), VPC);
});

test("sharing is refused for production, half-set, or malformed values", () => {
  assert.equal(sharedInfrastructure("pr-1", {}), undefined);
  assert.deepEqual(sharedInfrastructure("pr-1", { CAREBEAT_SHARED_VPC_ID: VPC, CAREBEAT_SHARED_KAFKA_ARN: KAFKA }), { vpcId: VPC, kafkaArn: KAFKA });
  assert.throws(() => sharedInfrastructure("production", { CAREBEAT_SHARED_VPC_ID: VPC, CAREBEAT_SHARED_KAFKA_ARN: KAFKA }), SharingError);
  assert.throws(() => sharedInfrastructure("prod", { CAREBEAT_SHARED_VPC_ID: VPC, CAREBEAT_SHARED_KAFKA_ARN: KAFKA }), /never shares/);
  assert.throws(() => sharedInfrastructure("pr-1", { CAREBEAT_SHARED_VPC_ID: VPC }), /both/);
  assert.throws(() => sharedInfrastructure("pr-1", { CAREBEAT_SHARED_KAFKA_ARN: KAFKA }), /both/);
  assert.throws(() => sharedInfrastructure("pr-1", { CAREBEAT_SHARED_VPC_ID: "my-vpc", CAREBEAT_SHARED_KAFKA_ARN: KAFKA }), /VPC id/);
  assert.throws(() => sharedInfrastructure("pr-1", { CAREBEAT_SHARED_VPC_ID: VPC, CAREBEAT_SHARED_KAFKA_ARN: "arn:aws:kafka:::cluster" }), /MSK cluster ARN/);
});

test("a sharing stage's budget is the small one: it pays no cluster, NAT or endpoint", () => {
  const budget = made("aws:budgets/budget:Budget");
  assert.equal(budget.length, 1);
  assert.equal(budget[0]!.inputs.limitAmount, "100");
});
