/** Private ES256 JWK that signs access tokens: `sst secret set JwtSigningKey "$(npm run -s keygen)"`. */
export const jwtSigningKey = new sst.Secret("JwtSigningKey");

/**
 * AES-256-GCM key (64 hex digits) the TOTP secrets are encrypted with (docs/auth.md, "Multi-factor
 * sign-in"): `sst secret set MfaKey "$(openssl rand -hex 32)"`. Changing it makes every enrolled
 * account enrol again.
 */
export const mfaKey = new sst.Secret("MfaKey");
