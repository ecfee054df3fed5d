import { requestToken } from '../auth/bearer';
import { userHandlers } from '../auth/user-handlers';
import { GrpcCode, MockHttpError } from '../errors';
import type { Handler } from '../server/types';
import { masterIdentity } from './master-identity';

export { MOCK_MASTER_VERSION } from './master-identity';

interface LoginBody {
  username: string;
  password: string;
  isHashed?: boolean | null;
}

const login: Handler = (req, { users }) => {
  const body = req.body as LoginBody;
  const user = users.verifyPassword(body.username, body.password, body.isHashed === true);
  // grpcutil.ErrInvalidCredentials (Unauthenticated) and ErrNotActive (PermissionDenied).
  if (user === null || user.remote)
    throw new MockHttpError(401, GrpcCode.Unauthenticated, 'invalid credentials');
  if (!user.active) throw new MockHttpError(403, GrpcCode.PermissionDenied, 'user is not active');
  const token = users.issueToken(user.id);
  // The master's gateway also sets the web UI's session cookie (grpcutil.userTokenResponse).
  const cookie = `auth=${token}; Path=/; Expires=${new Date(Date.now() + SESSION_MS).toUTCString()}`;
  return { json: { token, user: users.toApi(user.id) }, headers: { 'set-cookie': cookie } };
};

/** How long the master's session cookie lasts (`user.SessionDuration`, 7 days). */
const SESSION_MS = 7 * 24 * 3600 * 1000;

const logout: Handler = (req, { users }) => {
  const token = requestToken(req.headers);
  if (token !== null) users.revokeToken(token);
  return { json: {}, headers: { 'set-cookie': 'auth=; Expires=Thu, 01 Jan 1970 00:00:00 GMT' } };
};

const me: Handler = (req, { users }) => {
  if (req.user === null) throw new MockHttpError(401, GrpcCode.Unauthenticated, 'unauthenticated');
  return { json: { user: users.toApi(req.user.id) } };
};

/** Options of the cluster-level handlers. */
export interface AuthHandlerOptions {
  seed: number;
  clusterName?: string;
  /** The version `GET /api/v1/master` and `GET /info` report (default `MOCK_MASTER_VERSION`). */
  version?: string | undefined;
}

/**
 * Handlers for login/logout, the current user, the users endpoints, `GET /api/v1/master` and
 * `GET /health`. Cluster and master ids are derived from the seed so runs are reproducible.
 */
export function createAuthHandlers(options: AuthHandlerOptions): Readonly<Record<string, Handler>> {
  const { version, masterId, clusterId, clusterName } = masterIdentity(options);
  const master: Handler = (_req, { state }) => ({
    json: {
      version,
      masterId,
      clusterId,
      clusterName,
      telemetryEnabled: false,
      ssoProviders: [],
      externalLoginUri: '',
      externalLogoutUri: '',
      branding: 'determined',
      rbacEnabled: false,
      product: 'PRODUCT_UNSPECIFIED',
      featureSwitches: [],
      userManagementEnabled: true,
      strictJobQueueControl: false,
      hasCustomLogo: false,
      // The master shows the cluster message while it is active.
      clusterMessage: state.cluster.clusterMessage.active(state.nowMs()),
    },
  });
  const health: Handler = () => ({
    json: { status: 'up', database: 'up', resource_managers: [{ cluster_name: clusterName, status: 'up' }] },
  });
  return {
    ...userHandlers,
    Login: login,
    Logout: logout,
    GetMe: me,
    CurrentUser: me,
    GetMaster: master,
    health,
  };
}
