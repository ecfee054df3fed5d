import type { ApiDefinition, ApiModel, ApiOperation, Slot } from './api-model';

/** What changed. */
export type ChangeKind =
  | 'operation-added'
  | 'operation-removed'
  | 'operation-moved'
  | 'response-changed'
  | 'parameter-added'
  | 'parameter-removed'
  | 'parameter-retyped'
  | 'parameter-required'
  | 'parameter-optional'
  | 'definition-added'
  | 'definition-removed'
  | 'definition-retyped'
  | 'field-added'
  | 'field-removed'
  | 'field-retyped'
  | 'field-required'
  | 'field-optional'
  | 'enum-value-added'
  | 'enum-value-removed';

/** One change between two specs, classified for a client of the API. */
export interface Change {
  readonly kind: ChangeKind;
  /** operationId for operation changes, definition name for definition changes. */
  readonly subject: 'operation' | 'definition';
  readonly name: string;
  /** The parameter (`query:sortBy`), field or enum value concerned, if any. */
  readonly member?: string;
  /** A sentence saying what changed. */
  readonly detail: string;
  /** True when code written against the old spec may break against the new one. */
  readonly breaking: boolean;
}

type Subject = Pick<Change, 'subject' | 'name'>;

function enumChanges(subject: Subject, where: string, before?: readonly string[], after?: readonly string[]) {
  const changes: Change[] = [];
  if (!before || !after) return changes;
  const old = new Set(before);
  const next = new Set(after);
  for (const value of before.filter((v) => !next.has(v))) {
    const detail = `${where}: enum value ${value} removed`;
    changes.push({
      ...subject,
      kind: 'enum-value-removed',
      member: `${where}=${value}`,
      detail,
      breaking: true,
    });
  }
  for (const value of after.filter((v) => !old.has(v))) {
    // A new value is breaking only for code that switches over the values exhaustively.
    const detail = `${where}: enum value ${value} added`;
    changes.push({
      ...subject,
      kind: 'enum-value-added',
      member: `${where}=${value}`,
      detail,
      breaking: false,
    });
  }
  return changes;
}

type SlotWords = {
  added: ChangeKind;
  removed: ChangeKind;
  retyped: ChangeKind;
  required: ChangeKind;
  optional: ChangeKind;
  noun: string;
};

const parameterWords: SlotWords = {
  added: 'parameter-added',
  removed: 'parameter-removed',
  retyped: 'parameter-retyped',
  required: 'parameter-required',
  optional: 'parameter-optional',
  noun: 'parameter',
};

const fieldWords: SlotWords = {
  added: 'field-added',
  removed: 'field-removed',
  retyped: 'field-retyped',
  required: 'field-required',
  optional: 'field-optional',
  noun: 'field',
};

function slotChanges(
  subject: Subject,
  words: SlotWords,
  before: ReadonlyMap<string, Slot>,
  after: ReadonlyMap<string, Slot>,
): Change[] {
  const changes: Change[] = [];
  for (const [member, slot] of before) {
    const next = after.get(member);
    if (!next) {
      const detail = `${words.noun} ${member} (${slot.type}) removed`;
      changes.push({ ...subject, kind: words.removed, member, detail, breaking: true });
      continue;
    }
    if (next.type !== slot.type) {
      const detail = `${words.noun} ${member} retyped: ${slot.type} → ${next.type}`;
      changes.push({ ...subject, kind: words.retyped, member, detail, breaking: true });
    }
    if (next.required !== slot.required) {
      const kind = next.required ? words.required : words.optional;
      const detail = `${words.noun} ${member} became ${next.required ? 'required' : 'optional'}`;
      // Newly required breaks senders; a field that becomes optional may now be absent for readers.
      // A parameter that becomes optional breaks no caller.
      const breaking = next.required || words.noun === 'field';
      changes.push({ ...subject, kind, member, detail, breaking });
    }
    changes.push(...enumChanges(subject, member, slot.enumValues, next.enumValues));
  }
  for (const [member, slot] of after) {
    if (before.has(member)) continue;
    const detail = `${words.noun} ${member} (${slot.type}${slot.required ? ', required' : ''}) added`;
    changes.push({ ...subject, kind: words.added, member, detail, breaking: slot.required });
  }
  return changes;
}

function operationChanges(name: string, before: ApiOperation, after: ApiOperation): Change[] {
  const subject: Subject = { subject: 'operation', name };
  const changes: Change[] = [];
  if (before.method !== after.method || before.path !== after.path) {
    const detail = `moved: ${before.method.toUpperCase()} ${before.path} → ${after.method.toUpperCase()} ${after.path}`;
    changes.push({ ...subject, kind: 'operation-moved', detail, breaking: true });
  }
  if (before.responseSchema !== after.responseSchema || before.streaming !== after.streaming) {
    const words = (op: ApiOperation) =>
      `${op.streaming ? 'stream of ' : ''}${op.responseSchema ?? 'no schema'}`;
    const detail = `response: ${words(before)} → ${words(after)}`;
    changes.push({ ...subject, kind: 'response-changed', detail, breaking: true });
  }
  changes.push(...slotChanges(subject, parameterWords, before.parameters, after.parameters));
  return changes;
}

function definitionChanges(name: string, before: ApiDefinition, after: ApiDefinition): Change[] {
  const subject: Subject = { subject: 'definition', name };
  if (before.type !== after.type) {
    const detail = `retyped: ${before.type} → ${after.type}`;
    return [{ ...subject, kind: 'definition-retyped', detail, breaking: true }];
  }
  return [
    ...slotChanges(subject, fieldWords, before.fields, after.fields),
    ...enumChanges(subject, name, before.enumValues, after.enumValues),
  ];
}

function sortedUnion(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort();
}

/** Every change from `before` to `after`: operations first, then definitions, each sorted by name. */
export function compareModels(before: ApiModel, after: ApiModel): Change[] {
  const changes: Change[] = [];
  for (const name of sortedUnion(before.operations.keys(), after.operations.keys())) {
    const old = before.operations.get(name);
    const next = after.operations.get(name);
    const subject: Subject = { subject: 'operation', name };
    if (old && next) changes.push(...operationChanges(name, old, next));
    else if (old) {
      const detail = `removed (was ${old.method.toUpperCase()} ${old.path})`;
      changes.push({ ...subject, kind: 'operation-removed', detail, breaking: true });
    } else if (next) {
      const detail = `added: ${next.method.toUpperCase()} ${next.path}`;
      changes.push({ ...subject, kind: 'operation-added', detail, breaking: false });
    }
  }
  for (const name of sortedUnion(before.definitions.keys(), after.definitions.keys())) {
    const old = before.definitions.get(name);
    const next = after.definitions.get(name);
    const subject: Subject = { subject: 'definition', name };
    if (old && next) changes.push(...definitionChanges(name, old, next));
    else if (old) changes.push({ ...subject, kind: 'definition-removed', detail: 'removed', breaking: true });
    else if (next) changes.push({ ...subject, kind: 'definition-added', detail: 'added', breaking: false });
  }
  return changes;
}
