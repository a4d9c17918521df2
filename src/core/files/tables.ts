/** 附件: one uploaded file. The bytes live under $DATA_DIR/files by sha256. Migration 202612010004_files. */
export interface FilesTable {
  id: string;
  /** The agency the file was uploaded for (whose staff may read it in the console). */
  agency_id: string;
  /** The name people see and download it under (cleaned: no directories, no control characters). */
  name: string;
  /** Lower case, without the dot: one of model.ts's ALLOWED_EXTENSIONS. */
  extension: string;
  /** The content type it is served with (text carries its charset). */
  mime: string;
  size: number;
  /** Hex SHA-256 of the bytes: the storage key (identical uploads share one stored copy). */
  sha256: string;
  created_by: string;
  /** The uploader's display name at the time. */
  created_by_name: string;
  created_at: string;
}

declare module '../db/database.ts' {
  interface Database {
    files: FilesTable;
  }
}
