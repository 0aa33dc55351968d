import { apiHandler } from "./api";

/** Any unhandled API error (a 500) in five minutes raises an alarm. */
export const apiErrors = new aws.cloudwatch.MetricAlarm("ApiErrors", {
  namespace: "AWS/Lambda",
  metricName: "Errors",
  dimensions: { FunctionName: apiHandler.name },
  statistic: "Sum",
  period: 300,
  evaluationPeriods: 1,
  threshold: 0,
  comparisonOperator: "GreaterThanThreshold",
  treatMissingData: "notBreaching",
});
