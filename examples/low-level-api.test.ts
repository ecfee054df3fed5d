import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MOCK_MASTER_VERSION } from '@determined-ts/mock-master';
import { captureLog, type ExampleMaster, finishedExperiment, startExampleMaster } from './example-master';
import { filePaths, main } from './low-level-api';

const MODEL_DEF = 'class Trial:\n    pass\n';
const LABELS = 'cat\ndog\n';

describe('examples/low-level-api.ts', () => {
  let master: ExampleMaster;
  let modelDir: string;

  beforeAll(async () => {
    master = await startExampleMaster();
    modelDir = await mkdtemp(path.join(tmpdir(), 'determined-ts-model-'));
    await mkdir(path.join(modelDir, 'data'));
    await writeFile(path.join(modelDir, 'model_def.py'), MODEL_DEF);
    await writeFile(path.join(modelDir, 'data', 'labels.txt'), LABELS);
  });
  afterAll(async () => {
    await rm(modelDir, { recursive: true, force: true });
    await master.stop();
  });

  it("prints the master's version and the files of the experiment's model definition", async () => {
    const { experimentId } = await finishedExperiment(master.env, modelDir);

    const { result, lines } = await captureLog(() => main({ experimentId, env: master.env }));

    expect(result).toBe(0);
    const info = (await (await fetch(`${master.mock.url}/api/v1/master`)).json()) as { clusterName: string };
    expect(lines[0]).toBe(`master ${info.clusterName} version ${MOCK_MASTER_VERSION}`);
    expect(lines.slice(1).sort()).toEqual([
      `data/labels.txt (${LABELS.length} bytes)`,
      `model_def.py (${MODEL_DEF.length} bytes)`,
    ]);
  });

  it('rejects an unknown experiment with the typed SDK error instead of resolving to { error }', async () => {
    await expect(main({ experimentId: 4242, env: master.env })).rejects.toMatchObject({ status: 404 });
  });

  it('lists nested files depth first and skips directories themselves', () => {
    expect(
      filePaths([
        {
          path: 'a',
          name: 'a',
          isDir: true,
          contentLength: 0,
          modifiedTime: '',
          contentType: '',
          files: [
            { path: 'a/b', name: 'b', isDir: false, contentLength: 3, modifiedTime: '', contentType: '' },
          ],
        },
        { path: 'c', name: 'c', isDir: false, contentLength: 1, modifiedTime: '', contentType: '' },
      ]),
    ).toEqual(['a/b (3 bytes)', 'c (1 bytes)']);
  });
});
