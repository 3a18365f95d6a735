/**
 * The accepted org id format, shared by the decision engine and the store: 1 to 128
 * characters of ASCII letters, digits, `_`, `.`, `:` or `-`. Narrow on purpose: it is safe in
 * logs, URLs and file names, can never be the empty string that an unset
 * `app.current_org_id` reads as, and rules out look-alike Unicode ids.
 */
export const ORG_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
