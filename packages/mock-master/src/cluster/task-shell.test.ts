import { runSimulated, type ShellInput } from './task-shell';

const identity = { uid: 200, gid: 300, user: 'someuser', group: 'somegroup' };
const env = { DET_USER: 'alice', SHOULDBE: 'SET' };

function run(argv: string[], extra: Partial<ShellInput> = {}) {
  const result = runSimulated({ argv, env, identity, ...extra });
  const out = result.lines.filter((l) => l.stream === 'stdout').map((l) => l.text);
  const err = result.lines.filter((l) => l.stream === 'stderr').map((l) => l.text);
  return { ...result, out, err };
}

describe('the simulated task shell', () => {
  it("answers id with the task's agent user and group, in every form the id command has", () => {
    const script = 'echo $(id -u -n):$(id -u):$(id -g -n):$(id -g)';
    expect(run(['bash', '-c', script]).out).toEqual(['someuser:200:somegroup:300']);
    expect(run(['id']).out).toEqual(['uid=200(someuser) gid=300(somegroup) groups=300(somegroup)']);
    expect(run(['id', '-un']).out).toEqual(['someuser']);
    expect(run(['id', '-Gn']).out).toEqual(['somegroup']);
    expect(run(['whoami']).out).toEqual(['someuser']);
    const big = { uid: 2_000_000_000, gid: 2_000_000_000, user: 'u', group: 'g' };
    expect(run(['sh', '-c', 'id -u; id -g'], { identity: big }).out).toEqual(['2000000000', '2000000000']);
    expect(run(['id', '-n'])).toMatchObject({
      exitCode: 1,
      err: [expect.stringContaining('default format')],
    });
    expect(run(['id', 'bob'])).toMatchObject({ exitCode: 1, err: ["id: 'bob': no such user"] });
  });

  it('prints the environment with env and printenv, and expands variables, quotes and assignments', () => {
    expect(run(['env']).out).toEqual(['DET_USER=alice', 'SHOULDBE=SET']);
    expect(run(['printenv', 'SHOULDBE']).out).toEqual(['SET']);
    expect(run(['printenv', 'NOPE']).exitCode).toBe(1);
    expect(run(['/bin/sh', '-c', `echo "$DET_USER said '\${SHOULDBE}'" '$HOME' \\$x`]).out).toEqual([
      "alice said 'SET' $HOME $x",
    ]);
    expect(run(['sh', '-c', 'X=1; echo "[$X]"; printenv X; export X; printenv X']).out).toEqual(['[1]', '1']);
    expect(run(['sh', '-c', 'Y=2 printenv Y; echo "[$Y]"']).out).toEqual(['2', '[]']);
    expect(run(['sh', '-c', 'echo $(echo a   b)c "$(printf x)"']).err).toEqual([
      'printf: not simulated by the mock master (it runs no containers)',
    ]);
    expect(run(['sh', '-c', 'echo -n a; echo -e "b\\tc"']).out).toEqual(['ab\tc']);
  });

  it('runs lists with ;, &&, || and exit, and reports the last status', () => {
    expect(run(['sh', '-c', 'false && echo no || echo yes; echo $?']).out).toEqual(['yes', '0']);
    expect(run(['sh', '-c', 'true; exit 3; echo never'])).toMatchObject({ exitCode: 3, out: [] });
    expect(run(['sh', '-c', '# a comment\necho one\necho two']).out).toEqual(['one', 'two']);
  });

  it('stamps output with the virtual time sleeps take, and never ends after sleep infinity', () => {
    const timed = run(['sh', '-c', 'echo a; sleep 2; echo b; sleep 1m']);
    expect(timed.lines.map((l) => [l.text, l.atMs])).toEqual([
      ['a', 0],
      ['b', 2000],
    ]);
    expect(timed.durationMs).toBe(62_000);
    expect(run(['sleep infinity'].flatMap((w) => w.split(' '))).durationMs).toBeNull();
    expect(run(['sh', '-c', 'sleep infinity; echo never'])).toMatchObject({ durationMs: null, out: [] });
  });

  it('refuses programs and shell syntax it does not simulate, as a failing command would', () => {
    expect(run(['python3', 'train.py'])).toMatchObject({
      exitCode: 127,
      err: ['python3: not simulated by the mock master (it runs no containers)'],
    });
    for (const script of [
      'ls | wc -l',
      'echo hi > f',
      'if true; then echo; fi',
      'echo `id`',
      'echo $((1+1))',
    ]) {
      const result = run(['sh', '-c', script]);
      expect(result.exitCode).toBe(2);
      expect(result.err[0]).toMatch(/^sh: .* is not simulated by the mock master/);
    }
    expect(run(['env', 'python3']).exitCode).toBe(127);
  });
});
