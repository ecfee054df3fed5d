// A small workflow over the built packages; run directly, it uses the CommonJS builds and prints
// one JSON line of results (workflow.mjs runs it with the ES module builds).
const { mkdtempSync, readdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

module.exports = async function workflow(client, startMockMaster, bindings) {
  const dir = mkdtempSync(path.join(tmpdir(), 'determined-ts-dist-'));
  const mock = await startMockMaster({ port: 0, speed: 5000, validateResponses: 'throw', strictQuery: true });
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  try {
    const det = new client.Determined({
      master: mock.url,
      user: 'determined',
      password: '',
      configDir: dir,
      logger: quiet,
    });
    const config = {
      name: 'dist-smoke',
      searcher: { name: 'single', metric: 'loss', max_length: { batches: 100 } },
    };
    const exp = await det.createExperiment(config);
    const state = await exp.wait({ intervalMs: 20 });
    const [best] = await exp.listCheckpoints({ maxResults: 1 });
    const target = await best.download({ path: path.join(dir, 'ckpt'), mode: client.DownloadMode.MASTER });
    const master = await det.api.GET('/api/v1/master', {});
    await det.close();
    return {
      state,
      files: readdirSync(target).sort(),
      version: master.data.version,
      operations: Object.keys(bindings.operationTable).length,
      schema: typeof bindings.schemas.v1Experiment.parse,
      enum: client.ModelSortBy.NAME,
      classNames: [
        best.constructor.name,
        exp.constructor.name,
        det.constructor.name,
        new client.NotFoundError({ status: 404, method: 'GET', path: '/x' }).constructor.name,
      ],
    };
  } finally {
    await mock.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};

if (require.main === module) {
  const { startMockMaster } = require('@determined-ts/mock-master');
  module.exports(require('@determined-ts/client'), startMockMaster, require('@determined-ts/bindings')).then(
    (result) => console.log(JSON.stringify(result)),
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
