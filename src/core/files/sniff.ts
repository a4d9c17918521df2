import { unzipSync } from 'fflate';
import { fileTypeFromBuffer } from 'file-type';
import type { Sniffed } from './model.ts';

/**
 * What a file's bytes are, whatever its name says (model.ts judges the answer). file-type reads
 * the magic numbers and, for zips, the entries (docx vs xlsx vs a plain zip); on top of it:
 * OFD (GB/T 33190) is a zip whose root holds OFD.xml, and text is what has no magic number, no NUL
 * byte and decodes as UTF-8 or GB18030.
 */
export async function sniff(bytes: Uint8Array): Promise<Sniffed> {
  const type = await fileTypeFromBuffer(bytes);
  if (type?.ext === 'zip') return zipHasEntry(bytes, 'OFD.xml') ? 'ofd' : 'zip';
  if (type) return type.ext;
  return textCharset(bytes) ? 'text' : null;
}

/** Lists a zip's central directory without inflating anything. */
function zipHasEntry(bytes: Uint8Array, name: string): boolean {
  let found = false;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        if (file.name === name) found = true;
        return false;
      },
    });
  } catch {
    return false;
  }
  return found;
}

/** 'utf-8' or 'gb18030' for text (a UTF-8 BOM or valid UTF-8 first), null for binary. */
export function textCharset(bytes: Uint8Array): 'utf-8' | 'gb18030' | null {
  if (bytes.includes(0)) return null;
  for (const charset of ['utf-8', 'gb18030'] as const) {
    try {
      new TextDecoder(charset, { fatal: true }).decode(bytes);
      return charset;
    } catch {
      // not this one
    }
  }
  return null;
}
