/** A user as the mock master knows it (a leaf type shared by auth, state, seeding and the server). */
export interface MockUser {
  /** The user's id (`v1User.id`). */
  id: number;
  /** Login name, unique (case-sensitive). */
  username: string;
  /** Whether the user is a cluster admin. */
  admin: boolean;
  /** Inactive users cannot log in. */
  active: boolean;
  /** Signs on through an external identity provider; has no password. */
  remote: boolean;
  /** Name shown in the web UI (`""` when unset). */
  displayName: string;
}
