/** The tests' state machine, shared with the process the SIGKILL test kills. Billing-shaped. */
export const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:carebeat-test-${name}`;
export const definition = {
  Comment: "test machine",
  StartAt: "Load",
  States: {
    Load: { Type: "Task", Resource: fn("Load"), ResultPath: "$.loaded", Next: "Route" },
    Route: {
      Type: "Choice",
      Choices: [
        {
          And: [
            { Variable: "$.mode", IsPresent: true },
            { Variable: "$.mode", StringEquals: "catch" },
          ],
          Next: "Risky",
        },
      ],
      Default: "Render",
    },
    Render: {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke",
      Parameters: { FunctionName: fn("Render"), "Payload.$": "$" },
      ResultSelector: { "pages.$": "$.Payload.pages" },
      ResultPath: "$.render",
      Retry: [{ ErrorEquals: ["RenderError"], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 2 }],
      Next: "Both",
    },
    Both: {
      Type: "Parallel",
      Branches: [
        { StartAt: "Tag", States: { Tag: { Type: "Task", Resource: fn("Tag"), End: true } } },
        { StartAt: "Echo", States: { Echo: { Type: "Pass", End: true } } },
      ],
      ResultPath: "$.both",
      Next: "Done",
    },
    Risky: {
      Type: "Task",
      Resource: fn("Risky"),
      Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "RecordFailure" }],
      Next: "Done",
    },
    RecordFailure: { Type: "Task", Resource: fn("Record"), ResultPath: null, Next: "Failed" },
    Failed: { Type: "Fail", Error: "BillingFailed", CausePath: "$.error.Cause" },
    Done: { Type: "Succeed" },
  },
};
