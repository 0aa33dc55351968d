/**
 * Generated from the API's OpenAPI document by web/scripts/api-types.ts (`npm run build -w web`).
 * Do not edit: change the zod schemas in packages/core or the routes in packages/functions.
 */

export interface paths {
    "/api/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Register a patient account
         * @description Answers 202 whether or not the email already has an account (nothing is created or changed then), so registration cannot be used to find out who is a patient here. Sign in next.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        password: string;
                        name: string;
                        givenName?: string;
                        familyName?: string;
                    };
                };
            };
            responses: {
                /** @description Received: sign in with the email and password */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RegisterAccepted"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 4096 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with email and password
         * @description The access token is in the body; the refresh token is set as the cookie `__Secure-carebeat-refresh` (HttpOnly, Secure, SameSite=Strict, Path=/api/auth).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        password: string;
                        code?: string;
                    };
                };
            };
            responses: {
                /** @description Access token (refresh token in Set-Cookie) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Session"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 4096 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Throttled after repeated failures */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange a refresh token for new tokens (rotating)
         * @description Browsers: send the cookie and the header `x-carebeat-csrf: 1` with an empty body. Other API clients may send `{ "refreshToken": "…" }` instead.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description Empty, or the refresh token for API clients */
            requestBody?: {
                content: {
                    "application/json": {
                        refreshToken?: string;
                    };
                };
            };
            responses: {
                /** @description New access token (new refresh token in Set-Cookie) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Session"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 4096 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke a refresh token and its session
         * @description Same token sources as refresh (cookie + `x-carebeat-csrf: 1`, or the body). The cookie is cleared.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description Empty, or the refresh token for API clients */
            requestBody?: {
                content: {
                    "application/json": {
                        refreshToken?: string;
                    };
                };
            };
            responses: {
                /** @description Signed out */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 4096 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in account */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The account */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * SMART Backend Services token: client_credentials with a private_key_jwt assertion (docs/smart.md)
         * @description Form fields: `grant_type=client_credentials`, `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer`, `client_assertion` (a JWT signed ES384 or RS384 with a registered key: `iss` = `sub` = client_id, `aud` = this URL, `exp` at most 5 minutes ahead, a `jti` never used before), `scope` (`system/Patient.rs …`). The access token lives 300 s, opens the FHIR routes only, and comes with no refresh token. Errors are RFC 6749 §5.2 (`{ error, error_description }`); every issuance and refusal is audited.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/x-www-form-urlencoded": {
                        /** @enum {string} */
                        grant_type: "client_credentials";
                        /** @enum {string} */
                        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
                        /** @description A JWT signed ES384 or RS384 with a key the client registered */
                        client_assertion: string;
                        /** @example system/Patient.rs system/Appointment.rs */
                        scope: string;
                    };
                };
            };
            responses: {
                /** @description The access token */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SmartToken"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description invalid_client: the client assertion was not accepted */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OAuthError"];
                    };
                };
                /** @description Body larger than 4096 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Public keys that verify access tokens */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description JWKS */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            keys: {
                                [key: string]: unknown;
                            }[];
                        };
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List accounts */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Accounts */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["User"][];
                        };
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Create a staff, doctor, admin or patient account */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        password: string;
                        name: string;
                        /** @enum {string} */
                        role: "admin" | "staff" | "doctor" | "patient" | "pharmacist";
                        patientId?: string | null;
                        doctorId?: string | null;
                    };
                };
            };
            responses: {
                /** @description The new account */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/users/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Disable an account: sign-in refused, sessions ended, live connections closed
         * @description Its refresh tokens are revoked at once and its access tokens refused within seconds (docs/auth.md, "Ending sessions"); its open WebSocket connections are closed. Audited. Your own account cannot be disabled (409). Disabling a disabled account changes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The account, with disabledAt set */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/users/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-enable a disabled account
         * @description The account may sign in again; the sessions that ended when it was disabled stay ended. Audited.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The account, with disabledAt null */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["User"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change your password
         * @description The current password is required (a wrong one counts towards the sign-in throttle). Every other session ends — refresh tokens revoked, access tokens refused within seconds, live connections closed — and this one continues with the new tokens answered here (refresh token in Set-Cookie).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currentPassword: string;
                        newPassword: string;
                    };
                };
            };
            responses: {
                /** @description New access token (new refresh token in Set-Cookie) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Session"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 4096 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Throttled after repeated failures */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password/forgot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask for a password-reset link by email
         * @description Answers 202 with the same message, in at least the same time, whether or not the address has an account. For an enabled account a link valid once for 30 minutes is emailed (docs/auth.md, "Password reset"); asking again voids the earlier link; at most 3 mails an hour per account. `locale` (en, de) is the email's language.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        /** @enum {string} */
                        locale?: "en" | "de";
                    };
                };
            };
            responses: {
                /** @description Received */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ForgotAccepted"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 4096 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password with the token from a reset link
         * @description The token is spent by this call. Every session of the account ends (refresh tokens revoked, access tokens refused within seconds, live connections closed); sign in with the new password. An invalid, expired or used token is a 400 naming `token`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                        newPassword: string;
                    };
                };
            };
            responses: {
                /** @description Password set; sign in */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 4096 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/mfa": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your two-step sign-in (TOTP): enrolled, required, recovery codes left */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Status */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MfaStatus"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/mfa/enrol": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start setting up two-step sign-in: a new secret as an otpauth:// URI and a QR code
         * @description Restarting replaces an unconfirmed secret. An account that already has MFA gets 409 (an administrator resets it). Nothing changes at sign-in until the enrolment is confirmed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Scan the QR code, or type the secret */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MfaEnrolment"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/mfa/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm two-step sign-in with the first code; answers ten recovery codes, once
         * @description From now on sign-in needs a code. Every other session ends; this one continues with the tokens answered here (refresh token in Set-Cookie). The recovery codes are shown only in this answer.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Enrolled */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MfaConfirmed"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 4096 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/users/{id}/mfa/reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reset an account's two-step sign-in (a lost phone)
         * @description Its TOTP secret and recovery codes are deleted and its sessions end; it signs in with the password alone and, if its role requires MFA, is sent to enrolment. Audited (`account.mfa_reset`).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Reset */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/mfa/policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which roles must use two-step sign-in */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Required per role */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MfaPolicy"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Require two-step sign-in per role
         * @description Accounts of a required role without MFA are sent to enrolment at their next sign-in or token refresh (within 15 minutes); until they enrol their tokens open only the enrolment routes. Audited (`auth.mfa_policy`).
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        admin: boolean;
                        staff: boolean;
                        doctor: boolean;
                        patient: boolean;
                        pharmacist?: boolean;
                    };
                };
            };
            responses: {
                /** @description The policy now */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            admin: boolean;
                            staff: boolean;
                            doctor: boolean;
                            patient: boolean;
                            pharmacist?: boolean;
                        };
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/patients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List or search patients (staff/admin: all; doctor: their patients; patient: self)
         * @description Name order. `q` is a case- and accent-insensitive prefix of the family or given name (family-name matches come first); `email` is an exact match. Pass `nextCursor` back as `cursor`.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Name prefix: family or given name, case- and accent-insensitive */
                    q?: string;
                    /** @description Exact contact email */
                    email?: string;
                    /** @description Opaque: the previous page's nextCursor */
                    cursor?: string;
                    limit?: number;
                    /** @description Admins only; ignored for other roles */
                    includeDeleted?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of patients */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PatientPage"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Create a patient record */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PatientFields"];
                };
            };
            responses: {
                /** @description The new record (Location, ETag) */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Patient"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 65536 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/patients/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a patient record (ETag = version) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The record */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Patient"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such patient (or soft-deleted, for non-admins) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Soft-delete a record; ?hard=true erases it (admin only). Optional If-Match. */
        delete: {
            parameters: {
                query?: {
                    hard?: "true" | "false";
                };
                header?: {
                    /** @description The ETag you read, e.g. "3" */
                    "if-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such patient */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description If-Match is not the current version */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a record (JSON Merge Patch; If-Match required)
         * @description Objects merge key by key, `null` removes a field, arrays replace. Patients may change only contact, address and insurance of their own record.
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The ETag you read, e.g. "3" */
                    "if-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PatientPatch"];
                };
            };
            responses: {
                /** @description The updated record (new ETag) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Patient"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such patient */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description If-Match is not the current version */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 65536 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description If-Match missing */
                428: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/doctors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List or search doctors (name or specialty prefix) */
        get: {
            parameters: {
                query?: {
                    q?: string;
                    includeInactive?: "true" | "false";
                    /** @description Opaque: the previous page's nextCursor */
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of doctors */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Doctor"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Add a doctor */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        specialty: string;
                        visitFeeCents: number;
                        /** @default USD */
                        currency?: string;
                        timezone: string;
                        /** @default 30 */
                        slotMinutes?: number;
                        /** @default [] */
                        workingHours?: {
                            day: number;
                            start: string;
                            end: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description The doctor */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Doctor"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/doctors/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A doctor */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The doctor */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Doctor"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Deactivate a doctor (kept for history) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deactivated */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a doctor (fee, hours, …) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        specialty?: string;
                        visitFeeCents?: number;
                        currency?: string;
                        timezone?: string;
                        slotMinutes?: number;
                        workingHours?: {
                            day: number;
                            start: string;
                            end: string;
                        }[];
                        active?: boolean;
                    };
                };
            };
            responses: {
                /** @description The doctor */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Doctor"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/doctors/{id}/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Free slots on a date (working hours in the doctor's timezone minus bookings) */
        get: {
            parameters: {
                query: {
                    date: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Free slots */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            doctorId: string;
                            date: string;
                            timezone: string;
                            slots: {
                                startsAt: string;
                                endsAt: string;
                            }[];
                        };
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/appointments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List appointments (patients and doctors see their own) */
        get: {
            parameters: {
                query?: {
                    doctorId?: string;
                    patientId?: string;
                    status?: "booked" | "completed" | "cancelled" | "no_show";
                    from?: string;
                    to?: string;
                    /** @description Opaque: the previous page's nextCursor */
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of appointments */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["AppointmentListItem"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Book an appointment (409 when it overlaps another, 422 in the past or outside working hours) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        patientId: string;
                        doctorId: string;
                        /** Format: date-time */
                        startsAt: string;
                        /** Format: date-time */
                        endsAt: string;
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description The appointment */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Appointment"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Overlaps another booking */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/appointments/patient/{patientId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A patient's appointments */
        get: {
            parameters: {
                query?: {
                    doctorId?: string;
                    status?: "booked" | "completed" | "cancelled" | "no_show";
                    from?: string;
                    to?: string;
                    /** @description Opaque: the previous page's nextCursor */
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    patientId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of appointments */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["AppointmentListItem"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/appointments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An appointment */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The appointment */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Appointment"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Reschedule a booked appointment */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        startsAt: string;
                        /** Format: date-time */
                        endsAt: string;
                    };
                };
            };
            responses: {
                /** @description The moved appointment */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Appointment"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed from the current status */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/appointments/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a booked appointment */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description The cancelled appointment */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Appointment"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed from the current status */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/appointments/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark an appointment that has started as completed */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The completed appointment */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Appointment"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed from the current status */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/appointments/{id}/no-show": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a patient who did not come */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The appointment */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Appointment"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not allowed from the current status */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read the audit log (newest first), filtered by patient, actor, action or outcome */
        get: {
            parameters: {
                query?: {
                    id?: string;
                    patientId?: string;
                    actorId?: string;
                    action?: string;
                    outcome?: "success" | "denied" | "failed";
                    from?: string;
                    to?: string;
                    /** @description Opaque: the previous page's nextCursor */
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of audit entries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["AuditEntry"][];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/analytics/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Cumulative counts, bookings per hour and the per-doctor and hourly breakdown (a doctor: their own) */
        get: {
            parameters: {
                query?: {
                    doctorId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The same snapshot the dashboard receives over the WebSocket */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AnalyticsSnapshot"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/analytics/hourly": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Event-time hourly windows in [from, to), zeros included (a doctor: their own) */
        get: {
            parameters: {
                query?: {
                    /** @description Start (inclusive), rounded down to the hour; default `to` − 24 h */
                    from?: string;
                    /** @description End (exclusive), rounded up to the hour; default the end of the current hour */
                    to?: string;
                    doctorId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One entry per hour */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from: string;
                            to: string;
                            doctorId: string | null;
                            items: components["schemas"]["AnalyticsHour"][];
                        };
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/analytics/prescriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prescriptions written and dispenses handed over, per prescriber and per UTC day (a doctor: their own) */
        get: {
            parameters: {
                query?: {
                    doctorId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Counts from the prescription events */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PrescriptionAnalytics"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calendar/feed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the caller has a live calendar feed */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The feed's state */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CalendarFeedStatus"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Create the caller's secret feed URL, or rotate it (the old URL stops working) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The new URL (shown once) */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CalendarFeedCreated"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /** Revoke the caller's feed URL */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Revoked */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No live feed */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calendar/feeds/{ownerType}/{ownerId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a doctor's or patient's feed URL (audited) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    ownerType: "doctor" | "patient";
                    ownerId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Revoked */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No live feed */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/calendar/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A subscribed calendar (RFC 5545) by its secret token; unknown or revoked → 404 */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    file: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The feed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/calendar": string;
                    };
                };
                /** @description Unchanged since the ETag sent in If-None-Match */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unknown or revoked feed */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/preferences/{patientId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A patient's email preferences (a patient: their own) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    patientId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Language and reminders */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["NotificationPreferences"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /** Change a patient's language or turn reminders off or on (audited) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    patientId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description Language of this patient's mail; null = the clinic's
                         * @enum {string|null}
                         */
                        language?: "en" | "de" | null;
                        /** @description Whether reminder emails are sent (confirmations and changes always are) */
                        reminders?: boolean;
                    };
                };
            };
            responses: {
                /** @description The preferences now */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["NotificationPreferences"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The clinic's reminder lead time and default language */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Settings */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["NotificationSettings"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /** Change the reminder lead time or the default language (applies to reminders not yet sent) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description How long before a visit the reminder is sent (30 minutes to 14 days)
                         * @example 1440
                         */
                        reminderLeadMinutes?: number;
                        /**
                         * @description Language of mail to patients who chose none
                         * @enum {string}
                         */
                        language?: "en" | "de";
                    };
                };
            };
            responses: {
                /** @description Settings now */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["NotificationSettings"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every mail sent or waiting, newest first, with its body as sent (audited with the patients on the page) */
        get: {
            parameters: {
                query?: {
                    status?: "pending" | "sent" | "failed" | "cancelled";
                    patientId?: string;
                    /** @description Opaque: the previous page's nextCursor */
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of mail */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OutboxPage"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/unsubscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The opt-out page's action: reminders off (or back on) with the signed token from an email, no sign-in */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The token from the link in the email */
                        token: string;
                        /**
                         * @description false: stop reminders (the link's purpose); true: turn them back on
                         * @default false
                         */
                        reminders?: boolean;
                    };
                };
            };
            responses: {
                /** @description Reminders now */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UnsubscribeResult"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/one-click": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** RFC 8058 one-click opt-out (List-Unsubscribe-Post): the mail client POSTs here; reminders off */
        post: {
            parameters: {
                query: {
                    /** @description The token from the link in the email */
                    token: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Reminders now off */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UnsubscribeResult"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List invoices, newest first (a patient sees their own, a doctor their patients') */
        get: {
            parameters: {
                query?: {
                    appointmentId?: string;
                    patientId?: string;
                    doctorId?: string;
                    status?: "pending" | "issued" | "paid" | "failed" | "void" | "refund_due";
                    /** @description Created at or after */
                    from?: string;
                    /** @description Created before */
                    to?: string;
                    /** @description Opaque: the previous page's nextCursor */
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of invoices */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoicePage"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invoices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An invoice with its payments and billing workflow progress (current step, each step's times, errors) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The invoice */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such invoice */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invoices/{id}/pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download the PDF: 302 to a presigned S3 URL valid for 5 minutes (the invoice's patient, staff, admin; audited); `?format=json` answers the URL as JSON instead
         * @description A browser page cannot read a cross-origin redirect's Location (fetch hides it) nor send a bearer token from a plain link, so the site asks for `?format=json` and opens the URL itself. Both forms are audited as a download.
         */
        get: {
            parameters: {
                query?: {
                    /** @description `json`: answer `{ url, expiresAt }` with 200 instead of the redirect */
                    format?: "json";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The presigned URL (with `format=json`) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoicePdfLink"];
                    };
                };
                /** @description Redirect to the presigned URL */
                302: {
                    headers: {
                        location?: string;
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such invoice */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description No PDF yet */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invoices/{id}/pay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a payment received (Idempotency-Key required; amountCents defaults to the open balance; a partial payment leaves a balance) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Required. Same key + same body replays the first answer; same key + another body is 422. */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        method: "cash" | "card" | "transfer" | "insurance";
                        /** @description Defaults to the open balance */
                        amountCents?: number;
                        reference?: string;
                    };
                };
            };
            responses: {
                /** @description The payment and the invoice after it (a replay answers the same) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PaymentRecorded"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such invoice */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Not payable in its status */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invoices/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Bill a failed invoice again (starts a new workflow execution) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Billing restarted */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            invoice: components["schemas"]["Invoice"];
                            executionName: string;
                            executionArn: string | null;
                        };
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such invoice */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Not failed */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/prescriptions/medications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The medication catalogue, by name (`includeRetired=true` adds retired ones) */
        get: {
            parameters: {
                query?: {
                    includeRetired?: "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Medications */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MedicationList"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Add a medication to the catalogue */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        /** @description As printed: `500 mg`, `250 mg/5 ml` */
                        strength: string;
                        /** @enum {string} */
                        form: "tablet" | "capsule" | "oral solution" | "suspension" | "cream" | "ointment" | "inhaler" | "drops" | "injection" | "patch" | "sachet";
                        packSize: number;
                        atcCode?: string;
                    };
                };
            };
            responses: {
                /** @description Added */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Medication"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Already listed */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/prescriptions/medications/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Retire a medication (or bring it back): prescriptions keep it, new ones cannot pick it */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        active: boolean;
                    };
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Medication"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such medication */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/prescriptions/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The pharmacy queue: prescriptions still to dispense, newest first (patient name and birth date only; audited) */
        get: {
            parameters: {
                query?: {
                    /** @description Opaque: the previous page's nextCursor */
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of the queue */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PharmacyQueuePage"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/prescriptions/repeat-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Repeat requests by status (default pending): a doctor's to answer, a patient's own */
        get: {
            parameters: {
                query?: {
                    status?: "pending" | "approved" | "declined";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Repeat requests */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RepeatRequestList"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/prescriptions/repeat-requests/{requestId}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve a repeat: a new prescription replacing the old one (the prescriber only) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    requestId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: date
                         * @description Default: as long as the original was valid for, from today
                         */
                        validUntil?: string;
                    };
                };
            };
            responses: {
                /** @description Approved, with the new prescription */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RepeatDecision"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such repeat request */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Already decided */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/prescriptions/repeat-requests/{requestId}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decline a repeat, with a reason the patient sees (the prescriber only) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    requestId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Declined */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RepeatDecision"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such repeat request */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Already decided */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/prescriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List prescriptions, newest first (a patient their own, a doctor what they prescribed; audited) */
        get: {
            parameters: {
                query?: {
                    patientId?: string;
                    doctorId?: string;
                    appointmentId?: string;
                    status?: "active" | "partly_dispensed" | "dispensed" | "completed" | "cancelled" | "expired";
                    /** @description Opaque: the previous page's nextCursor */
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of prescriptions */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PrescriptionPage"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Prescribe from a visit of yours that is completed or in progress */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The visit (yours, completed or in progress) the prescription comes from */
                        appointmentId: string;
                        medicationId: string;
                        dose: {
                            amount: number;
                            /** @enum {string} */
                            unit: "tablet" | "capsule" | "ml" | "mg" | "drop" | "puff" | "application" | "unit" | "sachet";
                            /** @enum {string} */
                            frequency: "once_daily" | "twice_daily" | "three_times_daily" | "four_times_daily" | "every_other_day" | "weekly" | "at_bedtime" | "as_needed";
                        };
                        instructions?: string;
                        /** @description Units per fill */
                        quantity: number;
                        /** @default 0 */
                        repeats?: number;
                        /**
                         * Format: date
                         * @description Last day it may be dispensed (today to 366 days ahead)
                         */
                        validUntil: string;
                    };
                };
            };
            responses: {
                /** @description Prescribed */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Prescription"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such appointment */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/prescriptions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A prescription (its patient, its prescriber, staff, admin; audited) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The prescription */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Prescription"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such prescription */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/prescriptions/{id}/pharmacy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A prescription as the pharmacy sees it (patient name and birth date only; audited) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The prescription */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PharmacyItem"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such prescription */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/prescriptions/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel (the prescriber only): nothing more can be dispensed; a change is a cancel plus a new prescription */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Cancelled */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Prescription"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such prescription */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Already closed */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/prescriptions/{id}/dispense": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Dispense units at the counter (Idempotency-Key required; never beyond the current fill or what was prescribed) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description Required. Same key + same body replays the first answer; same key + another body is 422. */
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Units handed over; at most what is left of the current fill */
                        units: number;
                    };
                };
            };
            responses: {
                /** @description The dispense and the prescription after it (a replay answers the same) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DispenseResult"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such prescription */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Nothing (or not that much) left to dispense, cancelled or expired */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/prescriptions/{id}/repeat-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask the prescriber for a repeat of your prescription (one pending at a time) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Requested */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RepeatRequest"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such prescription */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description One is already pending */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/prescriptions/{id}/pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The printable prescription: 302 to a presigned S3 URL valid for 5 minutes (`?format=json` answers the URL); audited */
        get: {
            parameters: {
                query?: {
                    /** @description `json`: answer `{ url, expiresAt }` with 200 instead of the redirect */
                    format?: "json";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The presigned URL (with `format=json`) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PrescriptionPdfLink"];
                    };
                };
                /** @description Redirect to the presigned URL */
                302: {
                    headers: {
                        location?: string;
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description No such prescription */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/smart/clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List SMART clients (newest first) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The clients */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["SmartClient"][];
                        };
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Register a SMART Backend Services client: its public keys (inline JWKS) and allowed system scopes
         * @description The answer's `id` is the client_id: the `iss` and `sub` of its client assertions. Keys are public P-384 EC (ES384) or RSA ≥ 2048 bits (RS384); a key without a kid gets its RFC 7638 thumbprint. Audited.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SmartClientRegister"];
                };
            };
            responses: {
                /** @description The registered client */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SmartClient"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/smart/clients/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a SMART client */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The client */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SmartClient"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/smart/clients/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable a SMART client: no new tokens, and the tokens it holds stop working at once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The client, with disabledAt set */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SmartClient"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/$export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Bulk export of the whole clinic (Prefer: respond-async) → 202 + Content-Location */
        get: {
            parameters: {
                query?: {
                    /** @description Comma-separated resource types (default: every type the level exports) */
                    _type?: string;
                    /** @description FHIR instant: only resources changed after it */
                    _since?: string;
                    /** @description application/fhir+ndjson | application/ndjson | ndjson */
                    _outputFormat?: string;
                };
                header?: {
                    /** @description Must include respond-async */
                    prefer?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Accepted: Content-Location is the status URL */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/Patient/$export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Bulk export of every patient's compartment (Patient, Appointment) */
        get: {
            parameters: {
                query?: {
                    /** @description Comma-separated resource types (default: every type the level exports) */
                    _type?: string;
                    /** @description FHIR instant: only resources changed after it */
                    _since?: string;
                    /** @description application/fhir+ndjson | application/ndjson | ndjson */
                    _outputFormat?: string;
                };
                header?: {
                    /** @description Must include respond-async */
                    prefer?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Accepted: Content-Location is the status URL */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/Group/{id}/$export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Bulk export of a doctor's patients and their appointments (Group id = the Practitioner id) */
        get: {
            parameters: {
                query?: {
                    /** @description Comma-separated resource types (default: every type the level exports) */
                    _type?: string;
                    /** @description FHIR instant: only resources changed after it */
                    _since?: string;
                    /** @description application/fhir+ndjson | application/ndjson | ndjson */
                    _outputFormat?: string;
                };
                header?: {
                    /** @description Must include respond-async */
                    prefer?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Accepted: Content-Location is the status URL */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description No such Group (Practitioner) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/bulkstatus/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export status: 202 + X-Progress + Retry-After while running, 429 if polled sooner, 200 + the manifest when done */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The manifest */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["BulkExportManifest"];
                    };
                };
                /** @description Still running */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description No such export, or cancelled */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Polled sooner than Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        /** Cancel an export: 202; its files are deleted and later polls are 404 */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Cancelled */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description No such export, or cancelled already */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/bulkfiles/{id}/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One NDJSON file of a finished export's manifest (requiresAccessToken: true) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    file: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description NDJSON */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+ndjson": string;
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description No such file */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/metadata": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** FHIR CapabilityStatement: exactly the resources, interactions and search parameters served */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The CapabilityStatement */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirCapabilityStatement"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/Patient": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search patients (the REST list's scope: staff/admin all, doctor their patients, patient self); a searchset Bundle */
        get: {
            parameters: {
                query?: {
                    /** @description Logical id(s), comma-separated */
                    _id?: string | string[];
                    /** @description https://carebeat.dev/fhir/sid/patient-id|<Carebeat id> */
                    identifier?: string | string[];
                    /** @description Prefix of the family or given name (case- and accent-insensitive) */
                    name?: string | string[];
                    /** @description Prefix of the family name */
                    family?: string | string[];
                    /** @description Prefix of the given name */
                    given?: string | string[];
                    /** @description [eq|ge|gt|le|lt]YYYY[-MM[-DD]]; twice for a range */
                    birthdate?: string | string[];
                    /** @description male | female | other | unknown */
                    gender?: string | string[];
                    /** @description meta.lastUpdated: [eq|ge|gt|le|lt]YYYY[-MM[-DD[Thh:mm[:ss]±hh:mm]]]; twice for a range */
                    _lastUpdated?: string | string[];
                    /** @description Page size, 1–100 (default 20) */
                    _count?: string | string[];
                    /** @description Opaque keyset cursor from a next link */
                    _cursor?: string | string[];
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A searchset Bundle */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirBundle"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        put?: never;
        /** Create a Patient (through the patients domain's create: its validation and audit); elements Carebeat cannot store are a 400 */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description An R4 Patient */
            requestBody: {
                content: {
                    "application/fhir+json": components["schemas"]["FhirPatientInput"];
                    "application/json": components["schemas"]["FhirPatientInput"];
                };
            };
            responses: {
                /** @description The stored Patient (Location, ETag) */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirPatient"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Body larger than 65536 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/Patient/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a Patient (id = Carebeat id with - for _; ETag = version) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The Patient */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirPatient"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description No such patient */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirOperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/Practitioner": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search practitioners (doctors); a searchset Bundle */
        get: {
            parameters: {
                query?: {
                    /** @description Logical id(s), comma-separated */
                    _id?: string | string[];
                    /** @description Prefix of any word of the name */
                    name?: string | string[];
                    /** @description meta.lastUpdated, as for Patient */
                    _lastUpdated?: string | string[];
                    /** @description Page size, 1–100 (default 20) */
                    _count?: string | string[];
                    /** @description Opaque keyset cursor from a next link */
                    _cursor?: string | string[];
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A searchset Bundle */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirBundle"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/Practitioner/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a Practitioner (a doctor) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The Practitioner */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirPractitioner"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description No such practitioner */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirOperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/Appointment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search appointments (the REST list's scope: a patient their own, a doctor their schedule); a searchset Bundle */
        get: {
            parameters: {
                query?: {
                    /** @description Patient/<id>: the patient's appointments */
                    patient?: string | string[];
                    /** @description Practitioner/<id>: the doctor's appointments */
                    practitioner?: string | string[];
                    /** @description Patient/<id> or Practitioner/<id> */
                    actor?: string | string[];
                    /** @description Start: [eq|ge|gt|le|lt]YYYY[-MM[-DD[Thh:mm[:ss]±hh:mm]]]; twice for a range */
                    date?: string | string[];
                    /** @description booked | fulfilled | cancelled | noshow */
                    status?: string | string[];
                    /** @description meta.lastUpdated, as date */
                    _lastUpdated?: string | string[];
                    /** @description Page size, 1–100 (default 20) */
                    _count?: string | string[];
                    /** @description Opaque keyset cursor from a next link */
                    _cursor?: string | string[];
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A searchset Bundle */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirBundle"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        put?: never;
        /** Create an Appointment: a booking (409 on an overlap, 422 in the past or out of hours; the outbox event; billing starts) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description An R4 Appointment, status booked, with one Patient and one Practitioner participant */
            requestBody: {
                content: {
                    "application/fhir+json": components["schemas"]["FhirAppointmentInput"];
                    "application/json": components["schemas"]["FhirAppointmentInput"];
                };
            };
            responses: {
                /** @description The booked Appointment (Location, ETag) */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirAppointment"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Overlaps another booking */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirOperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/Appointment/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an Appointment */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The Appointment */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirAppointment"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description No such appointment (or not the caller's) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirOperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        /** Update an Appointment: status cancelled is a cancellation, a new start/end a reschedule; anything else 422. If-Match → 412 when stale */
        put: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The ETag you read, e.g. W/"1767000000000" */
                    "if-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description The whole Appointment, its id the path's */
            requestBody: {
                content: {
                    "application/fhir+json": components["schemas"]["FhirAppointmentInput"];
                    "application/json": components["schemas"]["FhirAppointmentInput"];
                };
            };
            responses: {
                /** @description The Appointment now */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirAppointment"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description No such appointment (or not the caller's) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirOperationOutcome"];
                    };
                };
                /** @description Not allowed from the current status, or overlaps */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirOperationOutcome"];
                    };
                };
                /** @description If-Match is not the current version */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirOperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Patch an Appointment (JSON Patch): as update — replace /status with cancelled to cancel. If-Match → 412 when stale */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The ETag you read, e.g. W/"1767000000000" */
                    "if-match"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description JSON Patch operations on the resource as a read answers it */
            requestBody: {
                content: {
                    "application/json-patch+json": components["schemas"]["FhirJsonPatch"];
                };
            };
            responses: {
                /** @description The Appointment now */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirAppointment"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description No such appointment (or not the caller's) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirOperationOutcome"];
                    };
                };
                /** @description Not allowed from the current status, or overlaps */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirOperationOutcome"];
                    };
                };
                /** @description If-Match is not the current version */
                412: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirOperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/fhir/R4/Schedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search schedules (one per doctor: working hours, slot length); a searchset Bundle */
        get: {
            parameters: {
                query?: {
                    /** @description Logical id(s), comma-separated (the doctor's id) */
                    _id?: string | string[];
                    /** @description Practitioner/<id>: that doctor's schedule */
                    actor?: string | string[];
                    /** @description true | false */
                    active?: string | string[];
                    /** @description Page size, 1–100 (default 20) */
                    _count?: string | string[];
                    /** @description Opaque keyset cursor from a next link */
                    _cursor?: string | string[];
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A searchset Bundle */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirBundle"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/Schedule/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a doctor's Schedule */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The Schedule */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirSchedule"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description No such schedule */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirOperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/Slot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Free slots of one schedule in a window, computed like the availability route; a searchset Bundle */
        get: {
            parameters: {
                query?: {
                    /** @description Schedule/<id> (required: slots are searched for one schedule) */
                    schedule?: string | string[];
                    /** @description Slot start: [eq|ge|gt|le|lt]YYYY[-MM[-DD[Thh:mm[:ss]±hh:mm]]]; twice for a range; default now … 7 days, at most 31 days */
                    start?: string | string[];
                    /** @description Slot end, as start */
                    end?: string | string[];
                    /** @description free (the only status served: a booked slot is an Appointment) */
                    status?: string | string[];
                    /** @description Page size, 1–100 (default 20) */
                    _count?: string | string[];
                    /** @description Opaque keyset cursor from a next link */
                    _cursor?: string | string[];
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A searchset Bundle */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirBundle"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/Slot/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a free Slot (404 once it is booked or past) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The Slot */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirSlot"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description No such free slot */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirOperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/Invoice": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search invoices (the REST list's scope: a patient their own, a doctor their patients'); a searchset Bundle */
        get: {
            parameters: {
                query?: {
                    /** @description Patient/<id>: the patient's invoices */
                    patient?: string | string[];
                    /** @description draft | issued | balanced | cancelled */
                    status?: string | string[];
                    /** @description When the invoice was created: [eq|ge|gt|le|lt]YYYY[-MM[-DD[Thh:mm[:ss]±hh:mm]]]; twice for a range */
                    date?: string | string[];
                    /** @description meta.lastUpdated, as date */
                    _lastUpdated?: string | string[];
                    /** @description Page size, 1–100 (default 20) */
                    _count?: string | string[];
                    /** @description Opaque keyset cursor from a next link */
                    _cursor?: string | string[];
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A searchset Bundle */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirBundle"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/Invoice/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an Invoice */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The Invoice */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirInvoice"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description No such invoice */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirOperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/AuditEvent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search the audit log (admins only; reading it is audited); a searchset Bundle */
        get: {
            parameters: {
                query?: {
                    /** @description Patient/<id>: rows about the patient, or lists that disclosed them */
                    patient?: string | string[];
                    /** @description Who acted (https://carebeat.dev/fhir/sid/actor-id|<user id>) */
                    agent?: string | string[];
                    /** @description The Carebeat action, e.g. patient.read */
                    subtype?: string | string[];
                    /** @description 0 (success) | 4 (denied) | 8 (failed) */
                    outcome?: string | string[];
                    /** @description recorded: [eq|ge|gt|le|lt]YYYY[-MM[-DD[Thh:mm[:ss]±hh:mm]]]; twice for a range */
                    date?: string | string[];
                    /** @description Page size, 1–100 (default 20) */
                    _count?: string | string[];
                    /** @description Opaque keyset cursor from a next link */
                    _cursor?: string | string[];
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A searchset Bundle */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirBundle"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/AuditEvent/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an audit log entry (admins only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The AuditEvent */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirAuditEvent"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Missing, invalid or expired token */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Role not allowed */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description No such audit event */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["FhirOperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/fhir/R4/.well-known/smart-configuration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** SMART configuration: the token endpoint and how a backend service authenticates to it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The SMART configuration */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SmartConfiguration"];
                    };
                };
                /** @description Malformed or invalid input; `errors` names the fields */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Body larger than 16384 bytes */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
                /** @description Breaks a business rule */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/fhir+json": components["schemas"]["OperationOutcome"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        RegisterAccepted: {
            /** @enum {string} */
            status: "accepted";
            message: string;
        };
        Problem: {
            type: string;
            title: string;
            status: number;
            detail: string;
            code: string;
            instance?: string;
            requestId?: string;
            errors?: {
                field: string;
                message: string;
            }[];
        };
        Session: {
            accessToken: string;
            /** @enum {string} */
            tokenType: "Bearer";
            expiresIn: number;
            user: {
                id: string;
                email: string;
                name: string;
                /** @enum {string} */
                role: "admin" | "staff" | "doctor" | "patient" | "pharmacist";
                patientId: string | null;
                doctorId: string | null;
                disabledAt: string | null;
                createdAt: string;
            };
            mfaEnrolmentRequired: boolean;
        };
        User: {
            id: string;
            email: string;
            name: string;
            /** @enum {string} */
            role: "admin" | "staff" | "doctor" | "patient" | "pharmacist";
            patientId: string | null;
            doctorId: string | null;
            disabledAt: string | null;
            createdAt: string;
        };
        SmartToken: {
            access_token: string;
            /** @enum {string} */
            token_type: "bearer";
            expires_in: number;
            scope: string;
        };
        OAuthError: {
            error: string;
            error_description: string;
        };
        ForgotAccepted: {
            message: string;
        };
        MfaStatus: {
            enrolled: boolean;
            pending: boolean;
            required: boolean;
            recoveryCodesLeft: number;
        };
        MfaEnrolment: {
            secret: string;
            otpauthUri: string;
            qrCode: string;
        };
        MfaConfirmed: components["schemas"]["Session"] & {
            recoveryCodes: string[];
        };
        MfaPolicy: {
            admin: boolean;
            staff: boolean;
            doctor: boolean;
            patient: boolean;
            pharmacist?: boolean;
        };
        PatientPage: {
            items: components["schemas"]["Patient"][];
            nextCursor: string | null;
        };
        Patient: {
            name: {
                given: string;
                family: string;
            };
            /** Format: date */
            birthDate?: string;
            /** @enum {string} */
            sex?: "female" | "male" | "other" | "unknown";
            contact?: {
                email?: string;
                phone?: string;
            };
            address?: {
                line1?: string;
                line2?: string;
                city?: string;
                region?: string;
                postalCode?: string;
                country?: string;
            };
            conditions?: string[];
            allergies?: string[];
            insurance?: {
                provider?: string;
                memberId?: string;
                groupNumber?: string;
            };
            extensions?: {
                [key: string]: string | number | boolean | null;
            };
            id: string;
            version: number;
            createdAt: string;
            updatedAt: string;
            deletedAt: string | null;
        };
        PatientFields: {
            name: {
                given: string;
                family: string;
            };
            /** Format: date */
            birthDate?: string;
            /** @enum {string} */
            sex?: "female" | "male" | "other" | "unknown";
            contact?: {
                email?: string;
                phone?: string;
            };
            address?: {
                line1?: string;
                line2?: string;
                city?: string;
                region?: string;
                postalCode?: string;
                country?: string;
            };
            conditions?: string[];
            allergies?: string[];
            insurance?: {
                provider?: string;
                memberId?: string;
                groupNumber?: string;
            };
            extensions?: {
                [key: string]: string | number | boolean | null;
            };
        };
        PatientPatch: {
            name?: {
                given?: string | null;
                family?: string | null;
            };
            /** Format: date */
            birthDate?: string | null;
            /** @enum {string|null} */
            sex?: "female" | "male" | "other" | "unknown" | null;
            contact?: {
                email?: string | null;
                phone?: string | null;
            } | null;
            address?: {
                line1?: string | null;
                line2?: string | null;
                city?: string | null;
                region?: string | null;
                postalCode?: string | null;
                country?: string | null;
            } | null;
            conditions?: string[] | null;
            allergies?: string[] | null;
            insurance?: {
                provider?: string | null;
                memberId?: string | null;
                groupNumber?: string | null;
            } | null;
            extensions?: {
                [key: string]: string | number | boolean | null;
            } | null;
        };
        Doctor: {
            id: string;
            name: string;
            specialty: string;
            visitFeeCents: number;
            currency: string;
            timezone: string;
            slotMinutes: number;
            workingHours: {
                day: number;
                start: string;
                end: string;
            }[];
            active: boolean;
            createdAt: string;
            updatedAt: string;
        };
        AppointmentListItem: components["schemas"]["Appointment"] & {
            /** @description From the patient directory; null for a deleted or unknown record */
            patientName: string | null;
            doctorName: string | null;
        };
        Appointment: {
            id: string;
            doctorId: string;
            patientId: string;
            startsAt: string;
            endsAt: string;
            /** @enum {string} */
            status: "booked" | "completed" | "cancelled" | "no_show";
            reason: string | null;
            cancelReason: string | null;
            feeCents: number;
            currency: string;
            createdBy: string;
            createdAt: string;
            updatedAt: string;
        };
        AuditEntry: {
            id: string;
            at: string;
            actorId: string;
            actorRole: string | null;
            action: string;
            resourceType: string;
            resourceId: string | null;
            patientId: string | null;
            patientIds: string[];
            requestId: string | null;
            /** @enum {string} */
            outcome: "success" | "denied" | "failed";
            detail: {
                [key: string]: unknown;
            } | null;
        };
        AnalyticsSnapshot: {
            /** @enum {string} */
            metricType: "AppointmentAnalytics";
            /** @description All appointment events counted so far (every type) */
            totalEventsCreated: number;
            /** @description Bookings ÷ event-time hours from windowStartTime to windowEndTime */
            avgAppointmentsPerHour: number;
            /** @description Start (ms) of the first hour with an event */
            windowStartTime: number | null;
            /** @description End (ms, exclusive) of the latest hour with an event */
            windowEndTime: number | null;
            /** @description When this snapshot was read (ms) */
            timestamp: number;
            /** @description Set when the snapshot is one doctor's */
            doctorId: string | null;
            totals: {
                booked: number;
                rescheduled: number;
                cancelled: number;
                completed: number;
                noShow: number;
            };
            doctors: {
                booked: number;
                rescheduled: number;
                cancelled: number;
                completed: number;
                noShow: number;
                doctorId: string;
                total: number;
            }[];
            /** @description The last 24 event-time hours of the window */
            hourly: {
                booked: number;
                rescheduled: number;
                cancelled: number;
                completed: number;
                noShow: number;
                hour: string;
                total: number;
            }[];
        };
        AnalyticsHour: {
            booked: number;
            rescheduled: number;
            cancelled: number;
            completed: number;
            noShow: number;
            hour: string;
            total: number;
        };
        PrescriptionAnalytics: {
            totals: {
                prescribed: number;
                dispenses: number;
                dispensedUnits: number;
                cancelled: number;
            };
            doctors: {
                prescribed: number;
                dispenses: number;
                dispensedUnits: number;
                cancelled: number;
                doctorId: string;
            }[];
            /** @description The last 14 event-time UTC days with any prescription event, newest first */
            daily: {
                prescribed: number;
                dispenses: number;
                dispensedUnits: number;
                cancelled: number;
                day: string;
            }[];
        };
        CalendarFeedStatus: {
            active: boolean;
            /** @description When the live feed was created; the URL itself is shown only once */
            createdAt: string | null;
        };
        CalendarFeedCreated: {
            /** @description `/api/calendar/<token>.ics` on the site's origin; shown once, never stored */
            path: string;
            createdAt: string;
            /** @description A previous feed URL was revoked by this */
            rotated: boolean;
        };
        NotificationPreferences: {
            /**
             * @description Language of this patient's mail; null = the clinic's
             * @enum {string|null}
             */
            language: "en" | "de" | null;
            /** @description Whether reminder emails are sent (confirmations and changes always are) */
            reminders: boolean;
        };
        NotificationSettings: {
            /**
             * @description How long before a visit the reminder is sent (30 minutes to 14 days)
             * @example 1440
             */
            reminderLeadMinutes: number;
            /**
             * @description Language of mail to patients who chose none
             * @enum {string}
             */
            language: "en" | "de";
        };
        OutboxPage: {
            items: components["schemas"]["OutboxItem"][];
            nextCursor: string | null;
        };
        OutboxItem: {
            id: string;
            kind: string;
            to: string;
            patientId: string | null;
            subject: string;
            /** @enum {string} */
            status: "pending" | "sent" | "failed" | "cancelled";
            attempts: number;
            lastError: string | null;
            createdAt: string;
            sentAt: string | null;
            /** @description The plain-text body as sent (null: it held a credential, or was erased) */
            text: string | null;
            html: string | null;
        };
        UnsubscribeResult: {
            reminders: boolean;
        };
        InvoicePage: {
            items: components["schemas"]["InvoiceListItem"][];
            nextCursor: string | null;
        };
        InvoiceListItem: components["schemas"]["Invoice"] & {
            /** @description From the patient directory; null for a deleted or unknown record */
            patientName: string | null;
            doctorName: string | null;
        };
        InvoiceLine: {
            code: string;
            description: string;
            quantity: number;
            unitCents: number;
            amountCents: number;
            taxRateBps: number;
            taxCents: number;
            taxNote?: string;
        };
        Invoice: {
            id: string;
            /** @description `YYYY-NNNNNN`, gapless per year; null until numbered */
            number: string | null;
            /** @enum {string} */
            status: "pending" | "issued" | "paid" | "failed" | "void" | "refund_due";
            appointmentId: string;
            patientId: string;
            doctorId: string;
            currency: string;
            lines: components["schemas"]["InvoiceLine"][];
            subtotalCents: number;
            taxCents: number;
            totalCents: number;
            paidCents: number;
            balanceCents: number;
            issueDate: string | null;
            dueDate: string | null;
            issuedAt: string | null;
            hasPdf: boolean;
            /** @description The last workflow error while `failed` */
            error: string | null;
            attempts: number;
            createdAt: string;
            updatedAt: string;
        };
        InvoiceDetail: components["schemas"]["Invoice"] & {
            payments: components["schemas"]["Payment"][];
            workflow: components["schemas"]["Workflow"];
        };
        Payment: {
            id: string;
            /** @enum {string} */
            method: "cash" | "card" | "transfer" | "insurance";
            amountCents: number;
            reference: string | null;
            recordedBy: string;
            createdAt: string;
        };
        Workflow: {
            executionName: string;
            /** @description RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED; NOT_FOUND if none was started */
            status: string;
            startedAt: string | null;
            stoppedAt: string | null;
            currentStep: string | null;
            error: string | null;
            cause: string | null;
            steps: components["schemas"]["WorkflowStep"][];
        } | null;
        WorkflowStep: {
            name: string;
            /** @enum {string} */
            status: "running" | "succeeded" | "failed";
            enteredAt: string;
            exitedAt: string | null;
            /** @description Task attempts (retries + 1); 0 for Choice/Succeed/Fail */
            attempts: number;
            errors: {
                error: string;
                cause: string | null;
                at: string;
            }[];
        };
        InvoicePdfLink: {
            url: string;
            expiresAt: string;
        };
        PaymentRecorded: {
            invoice: components["schemas"]["Invoice"];
            payment: components["schemas"]["Payment"];
        };
        MedicationList: {
            items: components["schemas"]["Medication"][];
        };
        Medication: {
            id: string;
            name: string;
            strength: string;
            form: string;
            packSize: number;
            atcCode: string | null;
            active: boolean;
        };
        PharmacyQueuePage: {
            items: components["schemas"]["PharmacyItem"][];
            nextCursor: string | null;
        };
        PharmacyItem: {
            id: string;
            /** @enum {string} */
            status: "active" | "partly_dispensed" | "dispensed" | "completed" | "cancelled" | "expired";
            patient: {
                name: string;
                birthDate: string | null;
            };
            prescriber: string;
            medication: components["schemas"]["Medication"];
            dose: {
                amount: number;
                /** @enum {string} */
                unit: "tablet" | "capsule" | "ml" | "mg" | "drop" | "puff" | "application" | "unit" | "sachet";
                /** @enum {string} */
                frequency: "once_daily" | "twice_daily" | "three_times_daily" | "four_times_daily" | "every_other_day" | "weekly" | "at_bedtime" | "as_needed";
                text: string;
            };
            instructions: string | null;
            quantity: number;
            repeats: number;
            dispensedUnits: number;
            remainingUnits: number;
            fillRemainingUnits: number;
            validUntil: string;
            createdAt: string;
        };
        RepeatRequestList: {
            items: components["schemas"]["RepeatRequest"][];
        };
        RepeatRequest: {
            id: string;
            prescriptionId: string;
            patientId: string;
            doctorId: string;
            /** @enum {string} */
            status: "pending" | "approved" | "declined";
            note: string | null;
            reason: string | null;
            newPrescriptionId: string | null;
            decidedAt: string | null;
            createdAt: string;
        };
        RepeatDecision: {
            request: components["schemas"]["RepeatRequest"];
            prescription?: components["schemas"]["Prescription"];
        };
        Prescription: {
            id: string;
            /** @enum {string} */
            status: "active" | "partly_dispensed" | "dispensed" | "completed" | "cancelled" | "expired";
            patientId: string;
            patientName: string;
            doctorId: string;
            doctorName: string;
            appointmentId: string;
            medication: components["schemas"]["Medication"];
            dose: {
                amount: number;
                /** @enum {string} */
                unit: "tablet" | "capsule" | "ml" | "mg" | "drop" | "puff" | "application" | "unit" | "sachet";
                /** @enum {string} */
                frequency: "once_daily" | "twice_daily" | "three_times_daily" | "four_times_daily" | "every_other_day" | "weekly" | "at_bedtime" | "as_needed";
                text: string;
            };
            instructions: string | null;
            /** @description Units per fill */
            quantity: number;
            /** @description Fills after the first */
            repeats: number;
            dispensedUnits: number;
            /** @description quantity × (1 + repeats) − dispensed; 0 once cancelled or expired */
            remainingUnits: number;
            validUntil: string;
            cancelReason: string | null;
            replaces: string | null;
            createdAt: string;
        };
        PrescriptionPage: {
            items: components["schemas"]["Prescription"][];
            nextCursor: string | null;
        };
        DispenseResult: {
            dispense: {
                id: string;
                units: number;
                createdAt: string;
            };
            prescription: components["schemas"]["PharmacyItem"];
        };
        PrescriptionPdfLink: {
            url: string;
            expiresAt: string;
        };
        SmartClient: {
            /**
             * @description The client_id (iss and sub of its assertions)
             * @example smc_01jb3k5x2m8q9r7t6v4w2y0z1a
             */
            id: string;
            name: string;
            jwks: {
                keys: {
                    [key: string]: unknown;
                }[];
            };
            scopes: string[];
            active: boolean;
            createdAt: string;
            createdBy: string;
            disabledAt: string | null;
        };
        SmartClientRegister: {
            /** @example Regional analytics warehouse */
            name: string;
            /** @description The client's public keys (ES384: EC P-384; RS384: RSA ≥ 2048 bits), each with its kid */
            jwks: {
                keys: {
                    [key: string]: unknown;
                }[];
            };
            /**
             * @description Scopes the client may be granted: `system/<Type|*>.<cruds>` (SMART v2; v1 `.read`/`.write`/`.*` accepted)
             * @example [
             *       "system/Patient.rs"
             *     ]
             */
            scopes: string[];
        };
        OperationOutcome: {
            /** @enum {string} */
            resourceType: "OperationOutcome";
            issue: {
                severity: string;
                code: string;
                details: {
                    coding: {
                        system: string;
                        code: string;
                    }[];
                    text: string;
                };
                diagnostics?: string;
                expression?: string[];
            }[];
        };
        BulkExportManifest: {
            transactionTime: string;
        } & {
            [key: string]: unknown;
        };
        FhirCapabilityStatement: {
            /** @enum {string} */
            resourceType: "CapabilityStatement";
        } & {
            [key: string]: unknown;
        };
        FhirBundle: {
            /** @enum {string} */
            resourceType: "Bundle";
        } & {
            [key: string]: unknown;
        };
        FhirPatient: {
            /** @enum {string} */
            resourceType: "Patient";
        } & {
            [key: string]: unknown;
        };
        FhirOperationOutcome: {
            /** @enum {string} */
            resourceType: "OperationOutcome";
        } & {
            [key: string]: unknown;
        };
        FhirPatientInput: {
            resourceType: string;
        } & {
            [key: string]: unknown;
        };
        FhirPractitioner: {
            /** @enum {string} */
            resourceType: "Practitioner";
        } & {
            [key: string]: unknown;
        };
        FhirAppointment: {
            /** @enum {string} */
            resourceType: "Appointment";
        } & {
            [key: string]: unknown;
        };
        FhirAppointmentInput: {
            resourceType: string;
        } & {
            [key: string]: unknown;
        };
        FhirJsonPatch: ({
            op: string;
            path: string;
        } & {
            [key: string]: unknown;
        })[];
        FhirSchedule: {
            /** @enum {string} */
            resourceType: "Schedule";
        } & {
            [key: string]: unknown;
        };
        FhirSlot: {
            /** @enum {string} */
            resourceType: "Slot";
        } & {
            [key: string]: unknown;
        };
        FhirInvoice: {
            /** @enum {string} */
            resourceType: "Invoice";
        } & {
            [key: string]: unknown;
        };
        FhirAuditEvent: {
            /** @enum {string} */
            resourceType: "AuditEvent";
        } & {
            [key: string]: unknown;
        };
        SmartConfiguration: {
            token_endpoint: string;
        } & {
            [key: string]: unknown;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
