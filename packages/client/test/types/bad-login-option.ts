// Must not compile: a misspelled login option.
import * as client from '@determined-ts/client';

export async function misspelledOption(master: string): Promise<void> {
  await client.login({ master, pasword: 'x' });
}
