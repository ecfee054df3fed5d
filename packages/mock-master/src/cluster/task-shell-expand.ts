import { closingParen, closingQuote, NotSimulatedError } from './task-shell-syntax';

/** What word expansion needs from the running shell. */
export interface ExpandHost {
  /** A variable's value, or undefined when unset. */
  variable(name: string): string | undefined;
  /** The status of the last command (`$?`). */
  status(): number;
  /** Runs a `$(...)` script and returns its standard output. */
  substitute(script: string): string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Expands `$...` at `text[start] === '$'`: the value and the index after the expansion. */
function dollar(text: string, start: number, host: ExpandHost): { value: string; next: number } {
  const rest = text.slice(start + 1);
  if (rest.startsWith('((')) throw new NotSimulatedError('arithmetic expansion $((...))');
  if (rest.startsWith('(')) {
    const end = closingParen(text, start + 2);
    const output = host.substitute(text.slice(start + 2, end - 1));
    return { value: output.replace(/\n+$/, ''), next: end };
  }
  if (rest.startsWith('{')) {
    const close = rest.indexOf('}');
    const name = close < 0 ? '' : rest.slice(1, close);
    if (!NAME.test(name) || NAME.exec(name)?.[0] !== name)
      throw new NotSimulatedError(`parameter expansion \${${name}}`);
    return { value: host.variable(name) ?? '', next: start + close + 2 };
  }
  if (rest.startsWith('?')) return { value: String(host.status()), next: start + 2 };
  const name = NAME.exec(rest)?.[0];
  if (name !== undefined) return { value: host.variable(name) ?? '', next: start + 1 + name.length };
  if (/^[0-9$#@*!-]/.test(rest)) throw new NotSimulatedError(`special parameter $${rest[0]}`);
  return { value: '$', next: start + 1 };
}

function doubleQuoted(text: string, host: ExpandHost): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const c = text[i] ?? '';
    if (c === '\\' && i + 1 < text.length && '$`"\\\n'.includes(text[i + 1] ?? '')) {
      out += text[i + 1] === '\n' ? '' : text[i + 1];
      i += 2;
    } else if (c === '$') {
      const { value, next } = dollar(text, i, host);
      out += value;
      i = next;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * Expands one word as the shell does: quotes removed, parameters and command substitutions
 * expanded, unquoted expansion results split into fields at blanks. No globbing.
 */
export function expandWord(word: string, host: ExpandHost): string[] {
  const fields: string[] = [];
  let current = '';
  let present = false;
  const append = (text: string) => {
    current += text;
    present = true;
  };
  for (let i = 0; i < word.length; ) {
    const c = word[i] ?? '';
    if (c === "'") {
      const end = word.indexOf("'", i + 1);
      append(word.slice(i + 1, end));
      i = end + 1;
    } else if (c === '"') {
      const end = closingQuote(word, i + 1);
      append(doubleQuoted(word.slice(i + 1, end - 1), host));
      i = end;
    } else if (c === '\\') {
      if (word[i + 1] !== '\n') append(word[i + 1] ?? '');
      i += 2;
    } else if (c === '$') {
      const { value, next } = dollar(word, i, host);
      value.split(/[ \t\n]+/).forEach((part, k) => {
        if (k > 0 && present) {
          fields.push(current);
          current = '';
          present = false;
        }
        if (part !== '') append(part);
      });
      i = next;
    } else {
      append(c);
      i++;
    }
  }
  if (present) fields.push(current);
  return fields;
}
