import type { Wire } from './types';

/** The web UI settings of each user (`v1UserWebSetting`, keyed by storage path and key). */
export class UserSettingsStore {
  private readonly byUser = new Map<number, Map<string, Wire['v1UserWebSetting']>>();

  /** A user's settings in storage-path/key order. */
  list(userId: number): Wire['v1UserWebSetting'][] {
    const settings = [...(this.byUser.get(userId)?.values() ?? [])];
    return settings.sort((a, b) =>
      `${a.storagePath ?? ''}\u0000${a.key}`.localeCompare(`${b.storagePath ?? ''}\u0000${b.key}`),
    );
  }

  /** Sets settings; an empty or missing value deletes the setting, as on the master. */
  post(userId: number, settings: readonly Wire['v1UserWebSetting'][]): void {
    const mine = this.byUser.get(userId) ?? new Map<string, Wire['v1UserWebSetting']>();
    for (const s of settings) {
      const id = `${s.storagePath ?? ''}\u0000${s.key}`;
      if (s.value === undefined || s.value === null || s.value === '') mine.delete(id);
      else mine.set(id, { key: s.key, storagePath: s.storagePath ?? '', value: s.value });
    }
    this.byUser.set(userId, mine);
  }

  /** Removes every setting of a user. */
  reset(userId: number): void {
    this.byUser.delete(userId);
  }
}
