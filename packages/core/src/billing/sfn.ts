import { lazy } from "../util/lazy";

/**
 * The Step Functions SDK and one client per process, imported on first use: the API starts an
 * execution once a booking commits and reads one for an invoice's detail, so its init and the
 * first request of a domain that does neither never load client-sfn (docs/capacity.md). Offline
 * the SDK reads AWS_ENDPOINT_URL_SFN (the local endpoint).
 */
export const useSfn = lazy(async () => {
  const sdk = await import("./sfn-sdk");
  return { sdk, client: new sdk.SFNClient({}) };
});
