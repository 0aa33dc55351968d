/**
 * The Step Functions SDK pieces Carebeat uses, in one module that ./sfn.ts imports on first use.
 * Named imports here let esbuild keep only these commands; `import("@aws-sdk/client-sfn")` itself
 * would keep every export of the package (a namespace cannot be tree-shaken).
 */
export { SFNClient, StartExecutionCommand, ExecutionAlreadyExists, DescribeExecutionCommand, GetExecutionHistoryCommand, StopExecutionCommand } from "@aws-sdk/client-sfn";
