/**
 * AWS list prices the cost per 1,000 bookings (bench/cost.ts) multiplies its counts by: us-east-1,
 * USD, on-demand, no free tier, no Savings Plan. Each entry cites the page it comes from and the
 * date it was read; prices change, so check the page before quoting a figure
 * (the bench prints this date beside its table). The fixed monthly cost of a stage (MSK cluster,
 * NAT, RDS, WAF: billed by the hour whatever the traffic) is stacks/cost.ts's, not repeated here.
 */
export const PRICES_READ_ON = "2026-12-07";

export const PRICE = {
  lambdaRequest: { usd: 0.2 / 1e6, unit: "request", source: "https://aws.amazon.com/lambda/pricing/ ($0.20 per 1M requests)" },
  /** x86_64: stacks/ sets no architecture, and SST's default is x86_64. First 6 billion GB-s a month. */
  lambdaGbSecond: { usd: 0.0000166667, unit: "GB-s", source: "https://aws.amazon.com/lambda/pricing/ (x86, $0.0000166667 per GB-second)" },
  sfnStandardTransition: { usd: 0.025 / 1e3, unit: "state transition", source: "https://aws.amazon.com/step-functions/pricing/ ($0.025 per 1,000 state transitions)" },
  sfnExpressRequest: { usd: 1 / 1e6, unit: "execution", source: "https://aws.amazon.com/step-functions/pricing/ (Express, $1.00 per 1M requests)" },
  /** Express duration: rounded up to 100 ms, memory in 64 MB chunks; first 1,000 GB-hours a month. */
  sfnExpressGbSecond: { usd: 0.00001667, unit: "GB-s", source: "https://aws.amazon.com/step-functions/pricing/ (Express, $0.00001667 per GB-second)" },
  apiGatewayHttpRequest: { usd: 1 / 1e6, unit: "request", source: "https://aws.amazon.com/api-gateway/pricing/ (HTTP APIs, first 300M: $1.00 per million)" },
  websocketMessage: { usd: 1 / 1e6, unit: "message (32 KB)", source: "https://aws.amazon.com/api-gateway/pricing/ (WebSocket, first 1B: $1.00 per million messages)" },
  cloudfrontHttpsRequest: { usd: 0.01 / 1e4, unit: "request", source: "https://aws.amazon.com/cloudfront/pricing/ (United States, HTTPS $0.0100 per 10,000)" },
  /** On-demand since the price cut of 2024-11-01. */
  dynamoWrite: { usd: 0.625 / 1e6, unit: "write request unit (1 KB)", source: "https://aws.amazon.com/dynamodb/pricing/on-demand/ ($0.625 per million WRU)" },
  dynamoRead: { usd: 0.125 / 1e6, unit: "read request unit (4 KB)", source: "https://aws.amazon.com/dynamodb/pricing/on-demand/ ($0.125 per million RRU)" },
  s3Put: { usd: 0.005 / 1e3, unit: "PUT/COPY/POST/LIST", source: "https://aws.amazon.com/s3/pricing/ (S3 Standard, $0.005 per 1,000)" },
  s3Get: { usd: 0.0004 / 1e3, unit: "GET/HEAD", source: "https://aws.amazon.com/s3/pricing/ (S3 Standard, $0.0004 per 1,000)" },
  s3GbMonth: { usd: 0.023, unit: "GB-month", source: "https://aws.amazon.com/s3/pricing/ (S3 Standard, first 50 TB, $0.023 per GB)" },
  mskDataInGb: { usd: 0.1, unit: "GB in", source: "https://aws.amazon.com/msk/pricing/ (MSK Serverless, data in $0.10 per GB)" },
  mskDataOutGb: { usd: 0.05, unit: "GB out", source: "https://aws.amazon.com/msk/pricing/ (MSK Serverless, data out $0.05 per GB)" },
  sesEmail: { usd: 0.1 / 1e3, unit: "email", source: "https://aws.amazon.com/ses/pricing/ ($0.10 per 1,000 emails)" },
} as const;
export type PriceName = keyof typeof PRICE;
