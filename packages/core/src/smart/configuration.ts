import { ASSERTION_ALGS } from "./keys";

/**
 * `/.well-known/smart-configuration` (SMART App Launch 2, "Backend Services"): what a backend
 * service needs to find the token endpoint and how to authenticate to it — and nothing this
 * server does not do (no authorize endpoint, no user-facing launch, no refresh tokens).
 */
export function smartConfiguration(tokenEndpoint: string) {
  return {
    token_endpoint: tokenEndpoint,
    grant_types_supported: ["client_credentials"],
    token_endpoint_auth_methods_supported: ["private_key_jwt"],
    token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGS],
    scopes_supported: ["system/*.rs", "system/*.read"],
    capabilities: ["client-confidential-asymmetric", "permission-v2", "permission-v1"],
  };
}
