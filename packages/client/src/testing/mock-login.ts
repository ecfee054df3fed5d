/** Logging in to a mock master directly over HTTP, outside the SDK under test. */

/** The bearer token of `username` / `password` (the mock's default users have the empty password). */
export async function mockLoginToken(
  master: string,
  username = 'determined',
  password = '',
): Promise<string> {
  const response = await fetch(`${master}/api/v1/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ username, password, isHashed: false }),
  });
  if (response.status !== 200) throw new Error(`login as ${username} failed with HTTP ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}
