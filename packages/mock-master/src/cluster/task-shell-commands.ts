/** The Linux identity a task runs as (its owner's agent user and group). */
export interface TaskIdentity {
  readonly uid: number;
  readonly gid: number;
  readonly user: string;
  readonly group: string;
}

/** What a simulated command gets: its arguments, environment and output channels. */
export interface CommandContext {
  readonly args: readonly string[];
  readonly env: ReadonlyMap<string, string>;
  readonly identity: TaskIdentity;
  out(text: string): void;
  err(text: string): void;
  /** Advances the run's virtual time; null: forever. */
  sleep(ms: number | null): void;
}

/** A simulated command: writes its output and returns its exit status. */
export type SimulatedCommand = (c: CommandContext) => number;

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', '\\': '\\', a: '\x07', r: '\r' };

function echo(c: CommandContext): number {
  let args = [...c.args];
  let newline = true;
  let escapes = false;
  while (args[0] !== undefined && /^-[neE]+$/.test(args[0])) {
    const flags = args[0];
    if (flags.includes('n')) newline = false;
    if (flags.includes('e')) escapes = true;
    if (flags.includes('E')) escapes = false;
    args = args.slice(1);
  }
  let text = args.join(' ');
  if (escapes) text = text.replace(/\\([ntar\\])/g, (_, e: string) => ESCAPES[e] ?? e);
  c.out(newline ? `${text}\n` : text);
  return 0;
}

function id(c: CommandContext): number {
  const { uid, gid, user, group } = c.identity;
  const flags = new Set<string>();
  for (const arg of c.args) {
    if (arg.startsWith('-') && arg.length > 1) {
      for (const f of arg.slice(1)) {
        if (!'ugGnr'.includes(f)) {
          c.err(`id: invalid option -- '${f}'\n`);
          return 1;
        }
        flags.add(f);
      }
    } else if (arg !== user && arg !== String(uid)) {
      c.err(`id: '${arg}': no such user\n`);
      return 1;
    }
  }
  const names = flags.has('n');
  if (flags.has('u')) c.out(`${names ? user : uid}\n`);
  else if (flags.has('g') || flags.has('G')) c.out(`${names ? group : gid}\n`);
  else if (names || flags.has('r')) {
    c.err('id: cannot print only names or real IDs in default format\n');
    return 1;
  } else c.out(`uid=${uid}(${user}) gid=${gid}(${group}) groups=${gid}(${group})\n`);
  return 0;
}

function printenv(c: CommandContext): number {
  if (c.args.length === 0) {
    for (const [k, v] of c.env) c.out(`${k}=${v}\n`);
    return 0;
  }
  let status = 0;
  for (const name of c.args) {
    const value = c.env.get(name);
    if (value === undefined) status = 1;
    else c.out(`${value}\n`);
  }
  return status;
}

function env(c: CommandContext): number {
  if (c.args.length > 0) {
    c.err('env: running a program from env is not simulated by the mock master\n');
    return 127;
  }
  return printenv(c);
}

const UNITS: Readonly<Record<string, number>> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function sleep(c: CommandContext): number {
  if (c.args.length === 0) {
    c.err('sleep: missing operand\n');
    return 1;
  }
  let total = 0;
  for (const arg of c.args) {
    if (arg === 'infinity' || arg === 'inf') {
      c.sleep(null);
      return 0;
    }
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
    if (m === null) {
      c.err(`sleep: invalid time interval '${arg}'\n`);
      return 1;
    }
    total += Number(m[1]) * (UNITS[m[2] ?? ''] ?? 1000);
  }
  c.sleep(total);
  return 0;
}

/**
 * The commands the simulated task shell runs; their output depends only on the task (its
 * identity, environment and arguments). `sh -c`/`bash -c`, `exit` and `export` are part of the
 * shell itself.
 */
export const COMMANDS: Readonly<Record<string, SimulatedCommand>> = {
  echo,
  id,
  printenv,
  env,
  sleep,
  whoami: (c) => {
    c.out(`${c.identity.user}\n`);
    return 0;
  },
  true: () => 0,
  false: () => 1,
  ':': () => 0,
};
