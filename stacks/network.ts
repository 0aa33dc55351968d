import { isProduction } from "./stage";

/**
 * Private subnets for the database and the Lambdas that reach it. One EC2 NAT instance
 * (not a managed NAT gateway) keeps an idle stage cheap; production can switch to "managed".
 */
export const vpc = new sst.aws.Vpc("Vpc", {
  nat: isProduction($app.stage) ? "managed" : "ec2",
  bastion: false,
});
