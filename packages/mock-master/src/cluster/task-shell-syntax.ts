/**
 * The syntax of the simulated task shell: a POSIX-shell subset (words with quotes, `$NAME`,
 * `${NAME}`, `$?`, `$(...)`, and lists joined by `;`, newlines, `&&` and `||`). Anything else
 * (pipes, redirections, background jobs, backquotes, control structures) is refused with
 * {@link NotSimulatedError}, so the mock never pretends to run what it cannot.
 */

/** Raised for shell syntax or a command the mock does not simulate. */
export class NotSimulatedError extends Error {
  constructor(readonly what: string) {
    super(`${what} is not simulated by the mock master (it runs no containers)`);
    this.name = 'NotSimulatedError';
  }
}

/** One simple command of a list and the operator joining it to the one before. */
export interface ListItem {
  /** How this command depends on the previous one's status (`;` for the first). */
  readonly join: ';' | '&&' | '||';
  /** Its words as written (quotes and expansions unexpanded). */
  readonly words: readonly string[];
}

const OPERATOR_CHARS = new Set([';', '&', '|', '<', '>', '(', ')', '`', '\n']);
const RESERVED = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  '{',
  '}',
  '!',
]);

/** The index just past the `)` closing a `$(` whose content starts at `start`. */
export function closingParen(text: string, start: number): number {
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === "'") i = text.indexOf("'", i + 1);
    else if (c === '"') i = closingQuote(text, i + 1) - 1;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
    if (i < 0) break;
  }
  throw new NotSimulatedError('an unterminated $( substitution');
}

/** The index just past the `"` closing a double-quoted string whose content starts at `start`. */
export function closingQuote(text: string, start: number): number {
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '$' && text[i + 1] === '(') i = closingParen(text, i + 2) - 1;
    else if (c === '"') return i + 1;
  }
  throw new NotSimulatedError('an unterminated double quote');
}

function wordEnd(script: string, start: number): number {
  let i = start;
  while (i < script.length) {
    const c = script[i] ?? '';
    if (c === ' ' || c === '\t' || OPERATOR_CHARS.has(c)) return i;
    if (c === '\\') i += 2;
    else if (c === "'") {
      const end = script.indexOf("'", i + 1);
      if (end < 0) throw new NotSimulatedError('an unterminated single quote');
      i = end + 1;
    } else if (c === '"') i = closingQuote(script, i + 1);
    else if (c === '$' && script[i + 1] === '(') i = closingParen(script, i + 2);
    else i++;
  }
  return i;
}

/** Splits a script into its simple commands, refusing what the simulation does not cover. */
export function parseScript(script: string): ListItem[] {
  const items: ListItem[] = [];
  let words: string[] = [];
  let join: ListItem['join'] = ';';
  const end = (next: ListItem['join']) => {
    if (words.length > 0) items.push({ join, words });
    else if (next !== ';') throw new NotSimulatedError(`a list starting with ${next}`);
    words = [];
    join = next;
  };
  let i = 0;
  while (i < script.length) {
    const c = script[i] ?? '';
    const pair = script.slice(i, i + 2);
    if (c === ' ' || c === '\t') i++;
    else if (c === '#' && words.length === 0) {
      const nl = script.indexOf('\n', i);
      i = nl < 0 ? script.length : nl;
    } else if (pair === '&&' || pair === '||') {
      end(pair);
      i += 2;
    } else if (c === ';' || c === '\n') {
      end(';');
      i++;
    } else if (OPERATOR_CHARS.has(c)) {
      throw new NotSimulatedError(`shell syntax '${c === '`' ? '`' : c}'`);
    } else {
      const stop = wordEnd(script, i);
      const word = script.slice(i, stop);
      if (words.length === 0 && RESERVED.has(word)) throw new NotSimulatedError(`shell syntax '${word}'`);
      words.push(word);
      i = stop;
    }
  }
  if (words.length > 0) items.push({ join, words });
  else if (join !== ';') throw new NotSimulatedError(`a list ending with ${join}`);
  return items;
}
