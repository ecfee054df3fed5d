import { COMMANDS, type CommandContext, type TaskIdentity } from './task-shell-commands';
import { type ExpandHost, expandWord } from './task-shell-expand';
import { NotSimulatedError, parseScript } from './task-shell-syntax';

export type { TaskIdentity } from './task-shell-commands';

/** One line a simulated command wrote, `atMs` virtual ms after it started. */
export interface ShellLine {
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
  readonly atMs: number;
}

/** The outcome of a simulated run. */
export interface ShellRun {
  readonly lines: readonly ShellLine[];
  readonly exitCode: number;
  /** How long it runs in virtual ms; null when it never ends by itself (`sleep infinity`). */
  readonly durationMs: number | null;
}

/** What a simulated command sees of the task. */
export interface ShellInput {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly identity: TaskIdentity;
}

class ExitSignal {
  constructor(readonly code: number) {}
}

/** Collects output into lines, stamped with the virtual time of the run. */
class Sink {
  readonly lines: ShellLine[] = [];
  private readonly partial = { stdout: '', stderr: '' };
  elapsedMs = 0;
  forever = false;

  write(stream: 'stdout' | 'stderr', text: string): void {
    const parts = (this.partial[stream] + text).split('\n');
    this.partial[stream] = parts.pop() ?? '';
    for (const line of parts) this.lines.push({ stream, text: line, atMs: this.elapsedMs });
  }

  flush(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream] !== '')
        this.lines.push({ stream, text: this.partial[stream], atMs: this.elapsedMs });
      this.partial[stream] = '';
    }
  }
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

class Shell implements ExpandHost {
  private last = 0;

  constructor(
    private readonly sink: Sink,
    private readonly exported: Map<string, string>,
    private readonly locals: Map<string, string>,
    private readonly identity: TaskIdentity,
    private readonly capture: { text: string } | null,
  ) {}

  variable(name: string): string | undefined {
    return this.locals.get(name) ?? this.exported.get(name);
  }

  status(): number {
    return this.last;
  }

  substitute(script: string): string {
    const capture = { text: '' };
    const sub = new Shell(this.sink, new Map(this.exported), new Map(this.locals), this.identity, capture);
    this.last = sub.script(script);
    return capture.text;
  }

  /** Runs a script; `exit` ends it with its code. */
  script(script: string): number {
    try {
      for (const item of parseScript(script)) {
        if (this.sink.forever) break;
        if ((item.join === '&&' && this.last !== 0) || (item.join === '||' && this.last === 0)) continue;
        this.last = this.simple(item.words);
      }
      return this.last;
    } catch (e) {
      if (e instanceof ExitSignal) return e.code;
      if (!(e instanceof NotSimulatedError)) throw e;
      this.sink.write('stderr', `sh: ${e.message}\n`);
      return 2;
    }
  }

  private simple(words: readonly string[]): number {
    const assignments = new Map<string, string>();
    let i = 0;
    for (; i < words.length; i++) {
      const word = words[i] ?? '';
      const m = ASSIGNMENT.exec(word);
      if (m === null) break;
      assignments.set(m[1] ?? '', expandWord(word.slice(m[0].length), this).join(' '));
    }
    const argv = words.slice(i).flatMap((w) => expandWord(w, this));
    if (argv.length === 0) {
      for (const [k, v] of assignments) (this.exported.has(k) ? this.exported : this.locals).set(k, v);
      return 0;
    }
    const env = new Map([...this.exported, ...assignments]);
    return this.run(argv, env);
  }

  /** Runs one command with its arguments and exported environment. */
  run(argv: readonly string[], env: Map<string, string>): number {
    const name = (argv[0] ?? '').split('/').pop() ?? '';
    const args = argv.slice(1);
    if ((name === 'sh' || name === 'bash') && args[0] === '-c' && args[1] !== undefined)
      return new Shell(this.sink, new Map(env), new Map(), this.identity, this.capture).script(args[1]);
    if (name === 'exit') throw new ExitSignal(args[0] === undefined ? this.last : Number(args[0]) & 255);
    if (name === 'export') return this.export(args);
    const command = COMMANDS[name];
    const context: CommandContext = {
      args,
      env,
      identity: this.identity,
      out: (text) => {
        if (this.capture) this.capture.text += text;
        else this.sink.write('stdout', text);
      },
      err: (text) => this.sink.write('stderr', text),
      sleep: (ms) => {
        if (ms === null) this.sink.forever = true;
        else this.sink.elapsedMs += ms;
      },
    };
    if (command === undefined) {
      context.err(`${name}: not simulated by the mock master (it runs no containers)\n`);
      return 127;
    }
    return command(context);
  }

  private export(args: readonly string[]): number {
    for (const arg of args) {
      const m = ASSIGNMENT.exec(arg);
      const key = m === null ? arg : (m[1] ?? '');
      const value = m === null ? this.variable(arg) : arg.slice(m[0].length);
      this.locals.delete(key);
      if (value !== undefined) this.exported.set(key, value);
    }
    return 0;
  }
}

/**
 * Runs a task's command line in the mock's simulated shell: the built-in commands of
 * {@link COMMANDS} (`echo`, `id`, `env`, `printenv`, `whoami`, `sleep`, ...) give the output
 * a real container would, from the task's identity and environment; any other program writes
 * "not simulated" to stderr and exits 127.
 */
export function runSimulated(input: ShellInput): ShellRun {
  const sink = new Sink();
  const shell = new Shell(sink, new Map(Object.entries(input.env)), new Map(), input.identity, null);
  let exitCode: number;
  try {
    exitCode = shell.run(input.argv, new Map(Object.entries(input.env)));
  } catch (e) {
    if (!(e instanceof ExitSignal)) throw e;
    exitCode = e.code;
  }
  sink.flush();
  return { lines: sink.lines, exitCode, durationMs: sink.forever ? null : sink.elapsedMs };
}
