// Runs azurite's blob service in its own process, so that its request handling (one metadata
// database update per upload) gets its own core instead of sharing the test's event loop. Data is
// kept in memory (no database or extent files on disk), access and debug logs are off, and
// loose mode with no API version check accepts whatever the installed SDK sends.
// A second port takes bulk seeding for tests (see `seedBlobs`): a few requests instead of one
// per blob, which on two busy cores is the difference between seconds and minutes.
// Prints {"port": N, "seedPort": M} on stdout once listening; exits when its stdin ends.
const crypto = require('node:crypto');
const http = require('node:http');
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

/** One blob stored the way azurite's own Put Blob handler stores it. */
async function storeBlob(context, containerName, name, data) {
  const persistency = await server.extentStore.appendExtent(data, context.contextId);
  const date = context.startTime;
  await server.metadataStore.createBlob(context, {
    deleted: false,
    metadata: {},
    accountName: 'devstoreaccount1',
    containerName,
    name,
    properties: {
      creationTime: date,
      lastModified: date,
      etag: `"0x${crypto.randomBytes(8).toString('hex').toUpperCase()}"`,
      contentLength: data.length,
      contentType: 'application/octet-stream',
      contentMD5: crypto.createHash('md5').update(data).digest(),
      blobType: 'BlockBlob',
      leaseStatus: 'unlocked',
      leaseState: 'available',
      serverEncrypted: true,
      accessTier: 'Hot',
      accessTierInferred: true,
      accessTierChangeTime: date,
    },
    snapshot: '',
    isCommitted: true,
    persistency,
  });
}

/**
 * `POST /seed?container=<name>` with a body of frames `[u32 name length][name][u32 size high]
 * [u32 size low][bytes]` (big-endian): stores every blob, then answers 204.
 */
async function seed(req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  const containerName = url.searchParams.get('container');
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  const context = { contextId: 'seed', startTime: new Date() };
  await server.metadataStore.checkContainerExist(context, 'devstoreaccount1', containerName);
  let at = 0;
  while (at < body.length) {
    const nameLength = body.readUInt32BE(at);
    const name = body.toString('utf8', at + 4, at + 4 + nameLength);
    at += 4 + nameLength;
    const size = body.readUInt32BE(at) * 2 ** 32 + body.readUInt32BE(at + 4);
    at += 8;
    await storeBlob(context, containerName, name, body.subarray(at, at + size));
    at += size;
  }
  res.writeHead(204).end();
}

const seedServer = http.createServer((req, res) => {
  seed(req, res).catch((error) => {
    res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error?.message ?? error));
  });
});

Promise.all([server.start(), new Promise((resolve) => seedServer.listen(0, '127.0.0.1', resolve))]).then(
  () => {
    const { port } = new URL(server.getHttpServerAddress());
    process.stdout.write(`${JSON.stringify({ port: Number(port), seedPort: seedServer.address().port })}\n`);
  },
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
process.stdin.on('end', () => {
  seedServer.close();
  server.close().finally(() => process.exit(0));
});
process.stdin.resume();
