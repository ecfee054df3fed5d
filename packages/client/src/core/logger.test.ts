import { type ConsoleSink, createLogger, type Logger, parseLogLevel, warnOnce } from './logger';

function recordingConsole(): ConsoleSink & { lines: Array<[string, string]> } {
  const lines: Array<[string, string]> = [];
  const record = (level: string) => (line: string) => {
    lines.push([level, line]);
  };
  return {
    lines,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

function recordingLogger(): Logger & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  const record =
    (level: string) =>
    (...args: unknown[]) => {
      calls.push([level, ...args]);
    };
  return {
    calls,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

describe('parseLogLevel', () => {
  it.each([
    [undefined, 'warn'],
    ['', 'warn'],
    ['DEBUG', 'debug'],
    [' info ', 'info'],
    ['silent', 'silent'],
    ['verbose', 'warn'],
  ])('reads DET_TS_LOG=%j as %s', (value, level) => {
    expect(parseLogLevel(value)).toBe(level);
  });
});

describe('createLogger', () => {
  it('logs warnings and errors to the console by default, not info or debug', () => {
    const sink = recordingConsole();
    const logger = createLogger({ env: {}, console: sink });
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e', { status: 500 });
    expect(sink.lines).toEqual([
      ['warn', '[determined-ts] warn: w'],
      ['error', '[determined-ts] error: e {"status":500}'],
    ]);
  });

  it('follows DET_TS_LOG', () => {
    const debug = recordingConsole();
    const all = createLogger({ env: { DET_TS_LOG: 'debug' }, console: debug });
    all.debug('d');
    all.info('i');
    expect(debug.lines.map(([level]) => level)).toEqual(['debug', 'info']);

    const silent = recordingConsole();
    createLogger({ env: { DET_TS_LOG: 'silent' }, console: silent }).error('e');
    expect(silent.lines).toEqual([]);
  });

  it('redacts messages and fields before the console sees them', () => {
    const sink = recordingConsole();
    createLogger({ env: {}, console: sink }).warn('retrying with Bearer abc.def', {
      headers: { Authorization: 'Bearer abc.def' },
      password: 'pw',
    });
    const line = sink.lines[0]?.[1] ?? '';
    expect(line).not.toMatch(/abc\.def|pw"/);
    expect(line).toBe(
      '[determined-ts] warn: retrying with Bearer [REDACTED] {"headers":{"Authorization":"[REDACTED]"},"password":"[REDACTED]"}',
    );
  });

  it('hands every level to a user logger, redacted', () => {
    const user = recordingLogger();
    const logger = createLogger({ logger: user, env: { DET_TS_LOG: 'silent' } });
    logger.debug('token=abc');
    logger.info('plain', { token: 'abc', n: 1 });
    expect(user.calls).toEqual([
      ['debug', 'token=[REDACTED]'],
      ['info', 'plain', { token: '[REDACTED]', n: 1 }],
    ]);
  });

  it('does not wrap a logger it created twice', () => {
    const logger = createLogger({ env: {}, console: recordingConsole() });
    expect(createLogger({ logger })).toBe(logger);
  });
});

describe('warnOnce', () => {
  it('warns the first time a key is seen only', () => {
    const user = recordingLogger();
    warnOnce(user, 'logger.test:deprecated-a', 'a is deprecated');
    warnOnce(user, 'logger.test:deprecated-a', 'a is deprecated');
    warnOnce(user, 'logger.test:deprecated-b', 'b is deprecated');
    expect(user.calls).toEqual([
      ['warn', 'a is deprecated'],
      ['warn', 'b is deprecated'],
    ]);
  });
});
