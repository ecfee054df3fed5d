/** Client-side password hashing and the advisory complexity rules of the Python SDK. */
import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '../core/errors';

/** Salt the master expects in front of every hashed password. */
export const PASSWORD_SALT = 'GubPEmmotfiK9TMD6Zdw';

const PASS_MARK = '\u2713 ';
const FAIL_MARK = '\u2717 ';

interface ComplexityRule {
  readonly message: string;
  readonly passes: (password: string) => boolean;
}

const RULES: readonly ComplexityRule[] = [
  { message: 'password cannot be blank', passes: () => true },
  // Python's len() counts code points, not UTF-16 units.
  { message: 'password must have at least 8 characters', passes: (pw) => [...pw].length >= 8 },
  { message: 'password must include an uppercase letter', passes: (pw) => /[A-Z]/.test(pw) },
  { message: 'password must include a lowercase letter', passes: (pw) => /[a-z]/.test(pw) },
  // Python's `\d` matches any Unicode decimal digit.
  { message: 'password must include a number', passes: (pw) => /\p{Nd}/u.test(pw) },
];

/**
 * The value sent as `password` (with `isHashed: true`): lowercase hex SHA-512 of
 * `PASSWORD_SALT + password`; the empty password is sent as `''`, unhashed.
 */
export function saltAndHashPassword(password: string): string {
  if (password === '') return '';
  return createHash('sha512')
    .update(PASSWORD_SALT + password, 'utf8')
    .digest('hex');
}

/** The messages of the complexity rules `password` fails (empty when it satisfies all five). */
export function checkPasswordComplexity(password: string | null | undefined): string[] {
  return RULES.filter((rule) => !rulePasses(rule, password)).map((rule) => rule.message);
}

/** One line per rule, each prefixed with `✓ ` (passed) or `✗ ` (failed), as Python prints them. */
export function passwordComplexityReport(password: string | null | undefined): string {
  return RULES.map((rule) => (rulePasses(rule, password) ? PASS_MARK : FAIL_MARK) + rule.message).join('\n');
}

/**
 * Throw unless `password` satisfies every complexity rule.
 * @throws InvalidArgumentError whose message lists all five rules with `✓ `/`✗ ` marks.
 */
export function assertPasswordComplexity(password: string | null | undefined): void {
  if (checkPasswordComplexity(password).length > 0) {
    throw new InvalidArgumentError(passwordComplexityReport(password));
  }
}

function rulePasses(rule: ComplexityRule, password: string | null | undefined): boolean {
  return !!password && rule.passes(password);
}
