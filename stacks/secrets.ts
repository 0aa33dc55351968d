/** Private ES256 JWK that signs access tokens: `sst secret set JwtSigningKey "$(npm run -s keygen)"`. */
export const jwtSigningKey = new sst.Secret("JwtSigningKey");
