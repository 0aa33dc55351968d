/**
 * The sender address of every mail (CAREBEAT_MAIL_FROM; in AWS its domain is the SES identity
 * stacks/mail.ts verifies). Its own module, free of `sst`, because the offline runtime reads it
 * to verify the same identity before it publishes the resources `Resource` loads once.
 */
export function fromAddress(): string {
  return process.env.CAREBEAT_MAIL_FROM ?? "Carebeat <no-reply@carebeat.local>";
}

/** The domain of the sender address: the identity SES must have verified. */
export function fromDomain(): string {
  return /@([^>\s]+)>?\s*$/.exec(fromAddress())?.[1]?.toLowerCase() ?? "carebeat.local";
}
