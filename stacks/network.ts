import { isProduction } from "./stage";

/**
 * Private subnets for the database and the Lambdas that reach it, over two AZs. Outside
 * production one fck-nat EC2 instance (t4g.nano) per AZ — SST creates one in each — keeps an idle
 * stage cheap; production has a managed NAT gateway per AZ.
 */
export const vpc = new sst.aws.Vpc("Vpc", {
  nat: isProduction($app.stage) ? "managed" : "ec2",
  bastion: false,
});
