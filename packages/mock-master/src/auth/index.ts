export { requestToken } from './bearer';
export { passwordMatches, saltAndHash } from './password';
export type { AgentUserGroup, ApiUser, NewUser, UserPatch } from './user-store';
export { UserStore } from './user-store';
