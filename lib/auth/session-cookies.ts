/** Auth.js's session cookie: `__Secure-` prefixed over HTTPS, plain over HTTP (local use). */
export const SESSION_COOKIES = ['__Secure-authjs.session-token', 'authjs.session-token'] as const;
