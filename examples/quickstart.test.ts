import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Determined } from '@determined-ts/client';
import { stringify } from 'yaml';
import { captureLog, EXPERIMENT_CONFIG, type ExampleMaster, startExampleMaster } from './example-master';
import { main } from './quickstart';

describe('examples/quickstart.ts', () => {
  let master: ExampleMaster;
  let workdir: string;
  const savedEnv = { ...process.env };
  const savedCwd = process.cwd();

  beforeAll(async () => {
    master = await startExampleMaster();
    workdir = await mkdtemp(path.join(tmpdir(), 'determined-ts-quickstart-'));
    await writeFile(path.join(workdir, 'my_config.yaml'), stringify(EXPERIMENT_CONFIG));
    await writeFile(path.join(workdir, 'model_def.py'), 'class Trial:\n    pass\n');
    // The seed's module functions read the master and credentials from the environment.
    Object.assign(process.env, master.env);
    process.chdir(workdir);
  });

  afterAll(async () => {
    process.chdir(savedCwd);
    process.env = savedEnv;
    await rm(workdir, { recursive: true, force: true });
    await master.stop();
  });

  it('runs the seed workflow from the current directory and prints the top checkpoint', async () => {
    const { result, lines } = await captureLog(main);

    expect(result).toBe(0);
    expect(lines).toEqual([
      'started experiment 1',
      'experiment completed with status STATE_COMPLETED',
      expect.stringMatching(/^best checkpoint was [0-9a-f-]{36}$/),
    ]);
    const det = new Determined({ env: master.env });
    const exp = await det.getExperiment(1);
    const [best] = await exp.listCheckpoints({ maxResults: 1 });
    expect(lines[2]).toBe(`best checkpoint was ${best?.uuid}`);
    expect((await exp.downloadCode({ outputDir: workdir })).endsWith('.tar.gz')).toBe(true);
    await det.close();
  });
});
