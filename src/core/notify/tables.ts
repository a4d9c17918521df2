/** In-app notifications; `emailed_at` is set once the copy went out by e-mail. */
export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
  emailed_at: string | null;
}

declare module '../db/database.ts' {
  interface Database {
    notifications: NotificationsTable;
  }
}
