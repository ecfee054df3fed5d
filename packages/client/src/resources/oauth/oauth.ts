/**
 * OAuth2 SCIM clients of the enterprise edition (`/oauth2/clients`, not under `/api/v1` and not
 * in the OpenAPI spec). On a master without them the routes answer 404, which becomes an
 * `EnterpriseOnlyError`.
 */

import { DeterminedError, NotFoundError, ValidationError } from '../../core/errors';
import { isRecord } from '../../core/is-record';
import { callOptions, type MethodOptions } from '../../core/method-options';
import { quotePathParam } from '../../core/query';
import type { Session } from '../../core/session';

const CLIENTS_PATH = '/oauth2/clients';

/** The feature exists only in the enterprise edition of the master. */
export class EnterpriseOnlyError extends DeterminedError {
  /** Always `'EnterpriseOnlyError'`, so `String(error)` and stack traces name the class. */
  override readonly name: string = 'EnterpriseOnlyError';
}

/** Fields of an {@link Oauth2ScimClient} (all optional, as upstream). */
export interface Oauth2ScimClientInit {
  /** Client ID, used to remove the client. */
  readonly id?: string | null | undefined;
  /** Display name of the client. */
  readonly name?: string | null | undefined;
  /** Domain (redirect URL) of the client. */
  readonly domain?: string | null | undefined;
  /** Only known right after `addOauthClient`. */
  readonly secret?: string | null | undefined;
}

/** An OAuth2 client registered for SCIM provisioning. */
export class Oauth2ScimClient {
  /** Client ID, used to remove the client. */
  readonly id: string | null;
  /** Display name of the client. */
  readonly name: string | null;
  /** Domain (redirect URL) of the client. */
  readonly domain: string | null;
  /** Client secret; only known right after `addOauthClient`, otherwise `null`. */
  readonly secret: string | null;

  constructor(init: Oauth2ScimClientInit = {}) {
    this.id = init.id ?? null;
    this.name = init.name ?? null;
    this.domain = init.domain ?? null;
    this.secret = init.secret ?? null;
  }
}

async function enterpriseOnly<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new EnterpriseOnlyError('API not found: oauth2/clients', { cause: error });
    }
    throw error;
  }
}

function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return String(value);
}

/** `GET /oauth2/clients`: the registered clients (id, name, domain). */
export async function listOauthClients(
  session: Session,
  options: MethodOptions = {},
): Promise<Oauth2ScimClient[]> {
  const body = await enterpriseOnly(() =>
    session.requestOffSpec('GET', CLIENTS_PATH, { ...callOptions(options) }),
  );
  if (!Array.isArray(body)) {
    throw new ValidationError(
      `GET ${CLIENTS_PATH} answered with ${JSON.stringify(body)}, not a list of clients`,
    );
  }
  return body.map((item: unknown) => {
    if (!isRecord(item)) throw new ValidationError(`GET ${CLIENTS_PATH} listed ${JSON.stringify(item)}`);
    return new Oauth2ScimClient({ id: text(item.id), name: text(item.name), domain: text(item.domain) });
  });
}

/** `POST /oauth2/clients` with `{domain, name}`: the new client with its `id` and `secret`. */
export async function addOauthClient(
  session: Session,
  domain: string,
  name: string,
  options: MethodOptions = {},
): Promise<Oauth2ScimClient> {
  const body = await enterpriseOnly(() =>
    session.requestOffSpec('POST', CLIENTS_PATH, { ...callOptions(options), body: { domain, name } }),
  );
  if (!isRecord(body)) {
    throw new ValidationError(`POST ${CLIENTS_PATH} answered with something other than a client object`);
  }
  return new Oauth2ScimClient({ id: text(body.id), secret: text(body.secret), domain, name });
}

/** `DELETE /oauth2/clients/{clientId}`. */
export async function removeOauthClient(
  session: Session,
  clientId: string,
  options: MethodOptions = {},
): Promise<void> {
  await enterpriseOnly(() =>
    session.requestOffSpec('DELETE', `${CLIENTS_PATH}/${quotePathParam(clientId)}`, {
      ...callOptions(options),
    }),
  );
}
