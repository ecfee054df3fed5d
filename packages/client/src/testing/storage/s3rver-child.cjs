// Runs s3rver in its own process: started with --openssl-legacy-provider because s3rver's
// ListObjectsV2 continuation tokens use DES, which Node's OpenSSL 3 disables by default, and
// so that the emulator gets its own core instead of sharing the test's event loop.
// Arguments: <directory> <bucket>...; prints {"port": N} on stdout once listening.
const S3rver = require('@20minutes/s3rver');

const [directory, ...buckets] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  // Its signature check decodes '+' in continuation tokens differently from the AWS SDK.
  allowMismatchedSignatures: true,
  configureBuckets: buckets.map((name) => ({ name })),
});
server.run().then(
  (address) => process.stdout.write(`${JSON.stringify({ port: address.port })}\n`),
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
// The parent closes our stdin when it stops us (or dies).
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
