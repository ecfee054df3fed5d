import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MockUser } from '../auth/mock-user';
import { VirtualClock } from './clock';
import { MockState } from './mock-state';

/** The default non-admin user. */
export const testUser: MockUser = {
  id: 1,
  username: 'determined',
  admin: false,
  active: true,
  remote: false,
  displayName: '',
};

/** The default admin user. */
export const adminUser: MockUser = {
  id: 2,
  username: 'admin',
  admin: true,
  active: true,
  remote: false,
  displayName: '',
};

/** A state on a stopped clock (speed 0, advanced only explicitly) in a fresh temp directory. */
export function testState(seed = 42): { state: MockState; dir: string; cleanup: () => Promise<void> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mock-master-'));
  const state = MockState.create({
    seed,
    speed: 0,
    storageDir: dir,
    clock: new VirtualClock({ speed: 0, startMs: Date.UTC(2024, 0, 1) }),
  });
  return {
    state,
    dir,
    cleanup: async () => {
      await state.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
