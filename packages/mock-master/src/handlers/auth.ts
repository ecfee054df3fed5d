import { requestToken } from '../auth/bearer';
import { userHandlers } from '../auth/user-handlers';
import { GrpcCode, MockHttpError } from '../errors';
import { createPrng } from '../rng';
import type { Handler } from '../server/types';

/** The version the mock master reports. */
export const MOCK_MASTER_VERSION = '0.38.1';

interface LoginBody {
  username: string;
  password: string;
  isHashed?: boolean | null;
}

function seededUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

const login: Handler = (req, { users }) => {
  const body = req.body as LoginBody;
  const user = users.verifyPassword(body.username, body.password, body.isHashed === true);
  if (user === null) throw new MockHttpError(403, GrpcCode.PermissionDenied, 'invalid credentials');
  if (!user.active) throw new MockHttpError(403, GrpcCode.PermissionDenied, 'user is inactive');
  if (user.remote) throw new MockHttpError(403, GrpcCode.PermissionDenied, 'invalid credentials');
  const token = users.issueToken(user.id);
  return { json: { token, user: users.toApi(user.id) } };
};

const logout: Handler = (req, { users }) => {
  const token = requestToken(req.headers);
  if (token !== null) users.revokeToken(token);
  return { json: {} };
};

const me: Handler = (req, { users }) => {
  if (req.user === null) throw new MockHttpError(401, GrpcCode.Unauthenticated, 'unauthenticated');
  return { json: { user: users.toApi(req.user.id) } };
};

/** Options of the cluster-level handlers. */
export interface AuthHandlerOptions {
  seed: number;
  clusterName?: string;
}

/**
 * Handlers for login/logout, the current user, the users endpoints, `GET /api/v1/master` and
 * `GET /health`. Cluster and master ids are derived from the seed so runs are reproducible.
 */
export function createAuthHandlers(options: AuthHandlerOptions): Readonly<Record<string, Handler>> {
  const random = createPrng(options.seed);
  const clusterId = seededUuid(random);
  const masterId = seededUuid(random);
  const clusterName = options.clusterName ?? 'mock-master';
  const master: Handler = () => ({
    json: {
      version: MOCK_MASTER_VERSION,
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
