/** A user as the mock master knows it (a leaf type shared by auth, state, seeding and the server). */
export interface MockUser {
  id: number;
  username: string;
  admin: boolean;
  active: boolean;
  remote: boolean;
  displayName: string;
}
