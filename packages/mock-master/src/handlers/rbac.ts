import { GrpcCode, MockHttpError } from '../errors';
import type { Handler } from '../server/types';

/** The OSS master's RBAC stub message (`rbac/api_rbac_stub.go`). */
export const ENTERPRISE_ONLY_MESSAGE = 'Determined Enterprise Edition is required for this functionality';

const enterpriseOnly: Handler = () => {
  throw new MockHttpError(501, GrpcCode.Unimplemented, ENTERPRISE_ONLY_MESSAGE);
};

/** Operations the open-source master answers with Unimplemented (the RBAC stub). */
export const ENTERPRISE_ONLY_OPERATIONS: readonly string[] = [
  'GetPermissionsSummary',
  'GetGroupsAndUsersAssignedToWorkspace',
  'GetRolesByID',
  'GetRolesAssignedToUser',
  'GetRolesAssignedToGroup',
  'SearchRolesAssignableToScope',
  'ListRoles',
  'AssignRoles',
  'RemoveAssignments',
];

/** RBAC: Unimplemented on the open-source master, with its exact message. */
export const rbacHandlers: Readonly<Record<string, Handler>> = Object.fromEntries(
  ENTERPRISE_ONLY_OPERATIONS.map((id) => [id, enterpriseOnly]),
);
