/** The SDK's version (kept equal to `package.json` by a test). */
export const SDK_VERSION = '0.1.0';

/**
 * What every request says of itself, so a master's logs tell SDK traffic apart:
 * `determined-ts/<sdk version> node/<node version>`.
 */
export const USER_AGENT = `determined-ts/${SDK_VERSION} node/${process.versions.node}`;
