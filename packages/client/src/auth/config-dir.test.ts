import { resolveConfigDir } from './config-dir';

describe('resolveConfigDir', () => {
  it('uses a non-empty DET_DEBUG_CONFIG_PATH on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(
        resolveConfigDir({
          env: { DET_DEBUG_CONFIG_PATH: '/tmp/det-debug', XDG_CONFIG_HOME: '/x' },
          platform,
        }),
      ).toBe('/tmp/det-debug');
    }
  });

  it('ignores an empty DET_DEBUG_CONFIG_PATH', () => {
    expect(resolveConfigDir({ env: { DET_DEBUG_CONFIG_PATH: '', HOME: '/home/u' }, platform: 'linux' })).toBe(
      '/home/u/.config/determined',
    );
  });

  it('uses $XDG_CONFIG_HOME/determined on Linux', () => {
    expect(resolveConfigDir({ env: { XDG_CONFIG_HOME: '/xdg', HOME: '/home/u' }, platform: 'linux' })).toBe(
      '/xdg/determined',
    );
  });

  it('ignores XDG_CONFIG_HOME outside Linux', () => {
    expect(resolveConfigDir({ env: { XDG_CONFIG_HOME: '/xdg', HOME: '/home/u' }, platform: 'freebsd' })).toBe(
      '/home/u/.config/determined',
    );
  });

  it('uses ~/Library/Application Support/determined on macOS', () => {
    expect(resolveConfigDir({ env: { HOME: '/Users/u', XDG_CONFIG_HOME: '/xdg' }, platform: 'darwin' })).toBe(
      '/Users/u/Library/Application Support/determined',
    );
  });

  it('uses %LOCALAPPDATA%\\determined on Windows', () => {
    expect(
      resolveConfigDir({ env: { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, platform: 'win32' }),
    ).toBe('C:\\Users\\u\\AppData\\Local\\determined');
  });

  it('falls back to ~/.config/determined on Windows without LOCALAPPDATA', () => {
    expect(resolveConfigDir({ env: { USERPROFILE: 'C:\\Users\\u' }, platform: 'win32' })).toBe(
      'C:\\Users\\u\\.config\\determined',
    );
  });

  it('falls back to ~/.config/determined on Linux without XDG_CONFIG_HOME', () => {
    expect(resolveConfigDir({ env: { HOME: '/home/u' }, platform: 'linux' })).toBe(
      '/home/u/.config/determined',
    );
  });

  it('prefers an injected home directory', () => {
    expect(resolveConfigDir({ env: { HOME: '/home/u' }, platform: 'linux', homedir: '/h' })).toBe(
      '/h/.config/determined',
    );
  });
});
