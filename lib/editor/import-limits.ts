/** The largest accepted-papers CSV an editor may upload; checked in the browser and on the server. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
