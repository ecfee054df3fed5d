/**
 * The `config` argument of `createExperiment` (Python SDK section 2.3) and reading the searcher
 * settings out of an experiment config.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '../core/errors';
import { isRecord } from '../core/is-record';

/** A YAML file path (never YAML text), a `file:` URL, or a config object. */
export type ExperimentConfigInput = string | URL | Readonly<Record<string, unknown>>;

/** The experiment config file is not valid YAML (upstream prints this and exits the process). */
export class InvalidExperimentConfigError extends InvalidArgumentError {
  /** Always `'InvalidExperimentConfigError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'InvalidExperimentConfigError';
  /** The config file. */
  readonly path: string;
  /** 1-based line of the first problem, when known. */
  readonly line: number | undefined;
  /** 1-based column of the first problem, when known. */
  readonly column: number | undefined;

  constructor(init: {
    path: string;
    problem: string;
    line?: number | undefined;
    column?: number | undefined;
  }) {
    super(`Invalid experiment config file '${init.path}': ${init.problem}`);
    this.path = init.path;
    this.line = init.line;
    this.column = init.column;
  }
}

function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Loaded on first need: importing the SDK must not pay for the YAML library. */
function loadYaml(): Promise<typeof import('yaml')> {
  return import('yaml');
}

const MERGE_TAG = 'tag:yaml.org,2002:merge';

/**
 * Block-style YAML that a YAML 1.1 reader (the master's, like PyYAML) and a 1.2 reader both read
 * back as the same object: every string a 1.1 resolver would turn into a number, date, boolean or
 * null (`1_000`, `0b101`, `2001-12-14`, `yes`, `on`, `~`, ...) is quoted by the 1.1 schema, and so
 * are `<<` (a merge key in 1.1) and strings a 1.2 resolver reads otherwise (`0o17`). The merge tag
 * is left out of the schema so that `<<` is an ordinary, quotable string.
 */
function yaml11Text(yaml: typeof import('yaml'), config: Readonly<Record<string, unknown>>): string {
  const doc = new yaml.Document(config, {
    version: '1.1',
    customTags: (tags) => tags.filter((tag) => typeof tag === 'string' || tag.tag !== MERGE_TAG),
  });
  yaml.visit(doc, {
    Scalar(_key, node) {
      const { value } = node;
      if (typeof value !== 'string' || value.includes('\n')) return;
      if (value === '<<' || !readsAsString(yaml, value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString();
}

function readsAsString(yaml: typeof import('yaml'), text: string): boolean {
  try {
    return typeof yaml.parse(text) === 'string';
  } catch {
    return false;
  }
}

async function readConfigFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidArgumentError(`Cannot read experiment config file '${path}': ${reason}`, {
      cause: error,
    });
  }
  // Python reads the file in text mode, which turns CRLF and CR line endings into LF.
  return text.replace(/\r\n?/g, '\n');
}

async function validateYaml(path: string, text: string): Promise<void> {
  const { parseDocument } = await loadYaml();
  const doc = parseDocument(text);
  const first = doc.errors[0];
  if (first === undefined) return;
  const pos = first.linePos?.[0];
  throw new InvalidExperimentConfigError({ path, problem: first.message, line: pos?.line, column: pos?.col });
}

/**
 * The config text to send to the master. A string (or `file:` URL) is always a file path: its
 * text is sent as is (comments kept), after checking that it parses as YAML
 * (`InvalidExperimentConfigError`, with line and column, otherwise). A plain object is
 * serialized to block-style YAML. Anything else throws `InvalidArgumentError`.
 */
export async function experimentConfigText(config: ExperimentConfigInput): Promise<string> {
  if (typeof config === 'string' || config instanceof URL) {
    const path = typeof config === 'string' ? config : fileURLToPath(config);
    const text = await readConfigFile(path);
    await validateYaml(path, text);
    return text;
  }
  if (isPlainObject(config)) return yaml11Text(await loadYaml(), config);
  throw new InvalidArgumentError('config must be a plain object or the path of a YAML file');
}

/** The searcher metric and direction of an experiment config. */
export interface SearcherInfo {
  /** `searcher.metric`, when it is a string. */
  metric?: string;
  /** `searcher.smaller_is_better`, default `true` (any non-boolean counts as its truthiness). */
  smallerIsBetter: boolean;
}

/** Read `searcher.metric` and `searcher.smaller_is_better` (default true) from a config object. */
export function searcherInfo(config: unknown): SearcherInfo {
  const searcher = isPlainObject(config) ? config.searcher : undefined;
  if (!isPlainObject(searcher)) return { smallerIsBetter: true };
  const raw = searcher.smaller_is_better;
  const info: SearcherInfo = { smallerIsBetter: raw === undefined ? true : Boolean(raw) };
  if (typeof searcher.metric === 'string') info.metric = searcher.metric;
  return info;
}

/** A copy of `config.integrations.pachyderm`; `InvalidArgumentError` when there is none. */
export function pachydermConfigOf(config: unknown, experimentId: number): Record<string, unknown> {
  const integrations = isRecord(config) ? config.integrations : undefined;
  const pachyderm = isRecord(integrations) ? integrations.pachyderm : undefined;
  if (!isRecord(pachyderm)) {
    throw new InvalidArgumentError(`No Pachyderm configuration found for experiment ${experimentId}.`);
  }
  return structuredClone(pachyderm);
}
