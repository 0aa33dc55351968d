import { vpc } from "./network";

/** Users, doctors, appointments, invoices, outbox, audit. Linked as `Resource.Database`. */
export const database = new sst.aws.Postgres("Database", {
  vpc,
  version: "17.4",
  instance: $app.stage === "production" ? "m7g.large" : "t4g.micro",
  storage: $app.stage === "production" ? "100 GB" : "20 GB",
  multiAz: $app.stage === "production",
});
