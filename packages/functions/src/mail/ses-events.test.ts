import { test } from "node:test";
import assert from "node:assert/strict";
import { suppressedBy } from "./ses-events";

// The event shapes SES event publishing sends to SNS (AWS SES docs, "Event publishing: contents").
test("permanent bounces and complaints suppress their recipients; transient bounces and deliveries do not", () => {
  assert.deepEqual(suppressedBy({ eventType: "Bounce", bounce: { bounceType: "Permanent", bouncedRecipients: [{ emailAddress: "a@x.org" }, { emailAddress: "b@x.org" }] } }), [
    { address: "a@x.org", reason: "bounce" },
    { address: "b@x.org", reason: "bounce" },
  ]);
  assert.deepEqual(suppressedBy({ eventType: "Bounce", bounce: { bounceType: "Transient", bouncedRecipients: [{ emailAddress: "a@x.org" }] } }), []);
  assert.deepEqual(suppressedBy({ eventType: "Complaint", complaint: { complainedRecipients: [{ emailAddress: "c@x.org" }] } }), [{ address: "c@x.org", reason: "complaint" }]);
  assert.deepEqual(suppressedBy({ notificationType: "Complaint", complaint: { complainedRecipients: [{ emailAddress: "d@x.org" }] } }), [
    { address: "d@x.org", reason: "complaint" },
  ]);
  assert.deepEqual(suppressedBy({ eventType: "Delivery" }), []);
});
