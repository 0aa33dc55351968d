import { isProduction } from "./stage";
import { sharedInfrastructure } from "./sharing";

/** Set when this stage uses another stage's VPC and Kafka cluster (stacks/sharing.ts). */
export const shared = sharedInfrastructure($app.stage);

/**
 * Private subnets for the database and the Lambdas that reach it, over two AZs. Outside
 * production one fck-nat EC2 instance (t4g.nano) per AZ — SST creates one in each — keeps an idle
 * stage cheap; production has a managed NAT gateway per AZ.
 */
export const vpc = shared
  ? sst.aws.Vpc.get("Vpc", shared.vpcId)
  : new sst.aws.Vpc("Vpc", {
      nat: isProduction($app.stage) ? "managed" : "ec2",
      bastion: false,
    });

const region = aws.getRegionOutput().region;
const privateRouteTableIds = vpc.nodes.privateRouteTables.apply((tables) => tables.map((t) => t.id));

/**
 * Gateway endpoints for DynamoDB and S3 (issue 23.12): free, and they take the Lambdas' table and
 * bucket traffic off the NAT, which bills every GB it processes (and outside production is one
 * small instance per AZ whose bandwidth the whole stage shares). On the private subnets' route
 * tables, where every function runs.
 */
const gatewayEndpoint = (name: string, service: "dynamodb" | "s3") =>
  new aws.ec2.VpcEndpoint(name, {
    vpcId: vpc.id,
    serviceName: $interpolate`com.amazonaws.${region}.${service}`,
    vpcEndpointType: "Gateway",
    routeTableIds: privateRouteTableIds,
  });

/**
 * An SQS interface endpoint (issue 23.3): an MSK event source mapping's poller runs in the
 * cluster's VPC and sends a failed batch's metadata to the on-failure queue from there; AWS
 * documents that without an SQS VPC endpoint in that VPC the destination is unreachable
 * ("Capturing discarded batches for an Amazon MSK event source", with-msk-on-failure). Private DNS
 * on, so the regional SQS name resolves to it; HTTPS from inside the VPC only.
 */
const endpointSecurityGroup = () =>
  new aws.ec2.SecurityGroup("VpcEndpointSecurityGroup", {
    vpcId: vpc.id,
    description: "Interface VPC endpoints: HTTPS from inside the VPC",
    ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [vpc.nodes.vpc.cidrBlock] }],
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
  });
const sqsEndpointOf = () =>
  new aws.ec2.VpcEndpoint("VpcSqsEndpoint", {
    vpcId: vpc.id,
    serviceName: $interpolate`com.amazonaws.${region}.sqs`,
    vpcEndpointType: "Interface",
    privateDnsEnabled: true,
    subnetIds: vpc.privateSubnets,
    securityGroupIds: [endpointSecurityGroup().id],
  });

/** Created by the stage that owns the VPC; a sharing stage uses the owner's (stacks/sharing.ts). */
const endpoints = shared ? undefined : { dynamodb: gatewayEndpoint("VpcDynamoDbEndpoint", "dynamodb"), s3: gatewayEndpoint("VpcS3Endpoint", "s3"), sqs: sqsEndpointOf() };
export const sqsEndpoint = endpoints?.sqs;
