import { vpc } from "./network";

/**
 * Users, doctors, appointments, invoices, outbox, audit: RDS PostgreSQL 17 (SST's default
 * major version; RDS picks the minor, and minor drift is not a diff) in the VPC's private
 * subnets. Linked as `Resource.Database` ({ host, port, username, password, database }).
 */
export const database = new sst.aws.Postgres("Database", {
  vpc,
  instance: $app.stage === "production" ? "m7g.large" : "t4g.micro",
  storage: $app.stage === "production" ? "100 GB" : "20 GB",
  multiAz: $app.stage === "production",
});
