import { alreadyExists, invalidArgument, notFound } from '../errors';

/** A user group. */
export interface GroupRecord {
  id: number;
  name: string;
  members: Set<number>;
}

/** The master's user groups (OSS: plain groups, no roles). */
export class GroupStore {
  private readonly groups = new Map<number, GroupRecord>();
  private nextId = 1;

  /** Every group in id order. */
  list(): GroupRecord[] {
    return [...this.groups.values()].sort((a, b) => a.id - b.id);
  }

  /** The group, or NotFound. */
  get(id: number): GroupRecord {
    const group = this.groups.get(id);
    if (!group) throw notFound(`group '${id}' not found`);
    return group;
  }

  /** Creates a group with its first members. */
  create(name: string, members: readonly number[]): GroupRecord {
    this.checkName(name, null);
    const group: GroupRecord = { id: this.nextId++, name, members: new Set(members) };
    this.groups.set(group.id, group);
    return group;
  }

  /** Renames a group and changes its members. */
  update(
    id: number,
    change: { name?: string; add?: readonly number[]; remove?: readonly number[] },
  ): GroupRecord {
    const group = this.get(id);
    if (change.name !== undefined && change.name !== group.name) {
      this.checkName(change.name, id);
      group.name = change.name;
    }
    for (const u of change.add ?? []) group.members.add(u);
    for (const u of change.remove ?? []) group.members.delete(u);
    return group;
  }

  /** Deletes a group. */
  delete(id: number): void {
    this.get(id);
    this.groups.delete(id);
  }

  private checkName(name: string, self: number | null): void {
    if (name.trim() === '') throw invalidArgument('group name cannot be empty');
    if (this.list().some((g) => g.name === name && g.id !== self))
      throw alreadyExists(`group with name ${name} already exists`);
  }
}
