import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, stringify } from 'yaml';
import { InvalidArgumentError } from '../core/errors';
import { experimentConfigText, InvalidExperimentConfigError, searcherInfo } from './experiment-config';

describe('experimentConfigText', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'det-config-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('sends the text of a YAML file unchanged, comments included', async () => {
    const text = '# my experiment\nname: mnist  # trailing comment\nsearcher:\n  name: single\n';
    const file = path.join(dir, 'const.yaml');
    await writeFile(file, text);
    await expect(experimentConfigText(file)).resolves.toBe(text);
  });

  it('accepts a file: URL as a path', async () => {
    const file = path.join(dir, 'c.yaml');
    await writeFile(file, 'a: 1\n');
    await expect(experimentConfigText(pathToFileURL(file))).resolves.toBe('a: 1\n');
  });

  it('normalizes CRLF line endings like Python text mode', async () => {
    const file = path.join(dir, 'crlf.yaml');
    await writeFile(file, 'a: 1\r\nb: 2\r\n');
    await expect(experimentConfigText(file)).resolves.toBe('a: 1\nb: 2\n');
  });

  it('treats a string as a path, never as YAML text', async () => {
    await expect(experimentConfigText('name: inline')).rejects.toThrow(
      /Cannot read experiment config file 'name: inline'/,
    );
  });

  it('rejects a YAML syntax error with its line and column instead of exiting', async () => {
    const file = path.join(dir, 'bad.yaml');
    await writeFile(file, 'name: ok\nsearcher:\n  name: [single\n');
    const error = await experimentConfigText(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidExperimentConfigError);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    const e = error as InvalidExperimentConfigError;
    expect(e.path).toBe(file);
    expect(e.line).toBeGreaterThanOrEqual(3);
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.message).toContain(`Invalid experiment config file '${file}'`);
  });

  it('rejects duplicate keys, as ruamel.yaml does', async () => {
    const file = path.join(dir, 'dup.yaml');
    await writeFile(file, 'a: 1\nb: 2\na: 3\n');
    const error = (await experimentConfigText(file).catch((e: unknown) => e)) as InvalidExperimentConfigError;
    expect(error).toBeInstanceOf(InvalidExperimentConfigError);
    expect(error.line).toBe(3);
  });

  it('serializes an object to block-style YAML that parses back to the same object', async () => {
    const config = { name: 'x', hyperparameters: { lr: 0.1, layers: [1, 2] }, searcher: { name: 'single' } };
    const text = await experimentConfigText(config);
    expect(text).not.toContain('{');
    expect(parse(text)).toEqual(config);
  });

  it('quotes strings a YAML 1.1 reader would read as numbers, dates, booleans, null or a merge key', async () => {
    const tricky = [
      '1_000',
      '0b101',
      '0o17',
      '0x1F',
      '2001-12-14',
      'yes',
      'No',
      'on',
      'OFF',
      'y',
      '~',
      'null',
      '<<',
      '1:20',
      '.inf',
    ];
    const config = {
      name: 'quoting',
      hyperparameters: Object.fromEntries(tricky.map((text, i) => [`h${i}`, text])),
      labels: tricky,
      '<<': 'a key that 1.1 would merge',
      counts: { batches: 1000, ratio: 0.5, on: true },
    };
    // Without the quoting, a 1.1 reader gets other values back (or fails on the merge key).
    expect(() => expect(parse(stringify(config), { version: '1.1' })).toEqual(config)).toThrow();
    const text = await experimentConfigText(config);
    expect(parse(text, { version: '1.1' })).toEqual(config);
    expect(parse(text)).toEqual(config);
  });

  it.each([[['a']], [null], [42], [new Date(0)], [new Map([['a', 1]])]])('rejects %p', async (value) => {
    await expect(experimentConfigText(value as never)).rejects.toThrow(
      new InvalidArgumentError('config must be a plain object or the path of a YAML file'),
    );
  });
});

describe('searcherInfo', () => {
  it('reads the metric and direction', () => {
    expect(searcherInfo({ searcher: { metric: 'loss', smaller_is_better: false } })).toEqual({
      metric: 'loss',
      smallerIsBetter: false,
    });
  });

  it('defaults smallerIsBetter to true', () => {
    expect(searcherInfo({ searcher: { metric: 'acc' } })).toEqual({ metric: 'acc', smallerIsBetter: true });
    expect(searcherInfo({})).toEqual({ smallerIsBetter: true });
    expect(searcherInfo(null)).toEqual({ smallerIsBetter: true });
  });

  it('treats an explicit null smaller_is_better as false, like Python truthiness', () => {
    expect(searcherInfo({ searcher: { metric: 'm', smaller_is_better: null } }).smallerIsBetter).toBe(false);
  });

  it('omits a non-string metric', () => {
    expect(searcherInfo({ searcher: { metric: 5 } })).toEqual({ smallerIsBetter: true });
  });
});
