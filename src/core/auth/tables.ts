import type { ColumnType } from 'kysely';

/** A console user (staff). Migration 202611210002_auth_users_sessions. */
export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  /** PHC string `$argon2id$v=19$m=…,t=…,p=…$salt$hash`; never leaves this module. */
  password_hash: string;
  email: string | null;
  phone: string | null;
  /** 1 = may log in, 0 = deactivated. */
  active: ColumnType<number, number | undefined, number>;
  failed_logins: ColumnType<number, number | undefined, number>;
  locked_until: string | null;
  last_login_at: string | null;
  password_changed_at: string;
  /**
   * 1 = an administrator reset the password and the user has not yet chosen their own: the session
   * may only change it (migration 202611220011_auth_must_change_password).
   */
  must_change_password: ColumnType<number, number | undefined, number>;
  created_at: string;
  updated_at: string;
}

/** One user's roles in one agency. */
export interface MembershipsTable {
  user_id: string;
  agency_id: string;
  /** JSON text: Role[]. */
  roles: string;
  position: ColumnType<number, number | undefined, number>;
}

/** A login session; the cookie carries the token, the table only its sha256. */
export interface SessionsTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  current_agency_id: string | null;
  ip: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

declare module '../db/database.ts' {
  interface Database {
    users: UsersTable;
    memberships: MembershipsTable;
    sessions: SessionsTable;
  }
}
