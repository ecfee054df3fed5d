// The smoke workflow shared by smoke.mjs (import) and smoke.cjs (require): a mock master, an
// experiment run to completion, its best checkpoint downloaded through the master. Prints one JSON
// line describing what happened, so both module systems can be compared.
const { mkdtempSync, readdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

exports.smoke = async function smoke({ format, client, mockMaster, bindings, resolved }) {
  const mock = await mockMaster.startMockMaster({ port: 0, speed: 2000 });
  const dir = mkdtempSync(path.join(tmpdir(), 'determined-ts-smoke-'));
  try {
    const det = new client.Determined({
      master: mock.url,
      user: 'determined',
      password: '',
      env: {},
      configDir: path.join(dir, 'config'),
      logger: quiet,
    });
    const exp = await det.createExperiment({
      name: 'smoke',
      searcher: { name: 'single', metric: 'validation_loss', max_length: { batches: 200 } },
      min_validation_period: { batches: 100 },
      min_checkpoint_period: { batches: 100 },
    });
    const state = await exp.wait({ intervalMs: 20 });
    const [best] = await exp.listCheckpoints({ maxResults: 1 });
    const target = await best.download({ path: path.join(dir, 'ckpt'), mode: client.DownloadMode.MASTER });
    let notFound = '';
    try {
      await det.getExperiment(999);
    } catch (error) {
      notFound = error instanceof client.NotFoundError ? 'NotFoundError' : String(error);
    }
    await det.close();
    console.log(
      JSON.stringify({
        format,
        resolved,
        state,
        experimentState: client.ExperimentState.COMPLETED,
        files: readdirSync(target).sort(),
        notFound,
        operations: Object.keys(bindings.operationTable).length,
        schemaParses: bindings.schemas.v1Pagination.safeParse({ offset: 0 }).success,
      }),
    );
  } finally {
    await mock.stop();
    rmSync(dir, { recursive: true, force: true });
  }
};
