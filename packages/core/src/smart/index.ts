export { SmartClients } from "./clients";
export { issueClientToken, CLIENT_ASSERTION_TYPE, CLIENT_TOKEN_TTL_SECONDS, type TokenResult } from "./token";
export { hasScope, isClient, permits, type Permission } from "./scopes";
export { smartConfiguration } from "./configuration";
