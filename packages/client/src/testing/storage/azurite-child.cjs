// Runs azurite's blob service in its own process, so that its request handling (one metadata
// database update per upload) gets its own core instead of sharing the test's event loop. Data is
// kept in memory (no database or extent files on disk), access and debug logs are off, and
// loose mode with no API version check accepts whatever the installed SDK sends.
// Prints {"port": N} on stdout once listening; exits when its stdin ends.
const BlobConfiguration = require('azurite/dist/src/blob/BlobConfiguration').default;
const BlobServer = require('azurite/dist/src/blob/BlobServer').default;

const configuration = new BlobConfiguration(
  '127.0.0.1',
  0,
  undefined,
  'azurite-blob-metadata-in-memory',
  'azurite-extent-metadata-in-memory',
  undefined,
  false, // access log
  undefined,
  false, // debug log
  undefined,
  true, // loose
  true, // skip API version check
  '',
  '',
  '',
  undefined,
  false,
  true, // in-memory persistence
);
const server = new BlobServer(configuration);
server.start().then(
  () => {
    const { port } = new URL(server.getHttpServerAddress());
    process.stdout.write(`${JSON.stringify({ port: Number(port) })}\n`);
  },
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
process.stdin.on('end', () => {
  server.close().finally(() => process.exit(0));
});
process.stdin.resume();
