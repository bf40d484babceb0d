/** The largest PDF /verify checks: a signed agreement from this portal is a few hundred KB. */
export const MAX_SIGNED_PDF_BYTES = 10 * 1024 * 1024;
