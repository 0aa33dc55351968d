// Prints a fresh private ES256 JWK for `sst secret set JwtSigningKey "$(npm run -s keygen)"`.
import { generateSigningKey } from "@carebeat/core/auth";
console.log(await generateSigningKey());
