/** Encodings Terraform's functions use: CSV, text in other character sets, name-based UUIDs. */
import * as crypto from 'node:crypto';
import { fail, tooLarge, unsupported } from './errors';

/** RFC 4180 CSV, first row the header, as csvdecode() reads it: a list of maps of strings. */
export function csvdecode(text: string, maxRows: number): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let fieldStart = true;
  const endField = () => {
    row.push(field);
    field = '';
    fieldStart = true;
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
    if (rows.length > maxRows) tooLarge(`more than ${maxRows} rows`);
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
      i++;
      continue;
    }
    if (c === ',') {
      endField();
      i++;
      continue;
    }
    if (c === '\r' && text[i + 1] === '\n') {
      i++;
      continue;
    }
    if (c === '\n') {
      endRow();
      i++;
      continue;
    }
    if (c === '"') return fail(`bare " in non-quoted field at offset ${i}`);
    field += c;
    fieldStart = false;
    i++;
  }
  if (quoted) return fail('unterminated quoted field');
  if (field !== '' || row.length > 0) endRow();
  if (rows.length === 0) return fail('missing header line');
  const [header, ...data] = rows;
  return data.map((r, n) => {
    if (r.length !== header.length) fail(`line ${n + 2}: wrong number of fields`);
    return Object.fromEntries(header.map((h, k) => [h, r[k]]));
  });
}

const NAMESPACES: Record<string, string> = {
  dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
};

/** RFC 4122 version 5 UUID of a name in a namespace (a name or a UUID). */
export function uuidv5(namespace: string, name: string): string {
  const ns = NAMESPACES[namespace] ?? namespace;
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(ns)) return fail(`uuidv5: invalid namespace ${JSON.stringify(namespace)}`);
  const hash = crypto.createHash('sha1').update(Buffer.from(ns.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function canonical(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function textencodebase64(text: string, encoding: string): string {
  const enc = canonical(encoding);
  if (enc === 'utf8') return Buffer.from(text, 'utf8').toString('base64');
  if (enc === 'utf16le') return Buffer.from(text, 'utf16le').toString('base64');
  if (enc === 'utf16be' || enc === 'utf16') return Buffer.from(text, 'utf16le').swap16().toString('base64');
  if (enc === 'iso88591' || enc === 'latin1' || enc === 'usascii' || enc === 'ascii') {
    const max = enc.includes('ascii') ? 0x7f : 0xff;
    for (const ch of text) if (ch.codePointAt(0)! > max) return fail(`the string cannot be encoded in ${encoding}`);
    return Buffer.from(text, 'latin1').toString('base64');
  }
  return unsupported(`textencodebase64(): encoding ${JSON.stringify(encoding)} is not reproduced by tfxacct`);
}

export function textdecodebase64(b64: string, encoding: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return fail('invalid base64 data');
  const bytes = Buffer.from(b64, 'base64');
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return fail(`the data is not valid ${encoding}, or the encoding is not supported`);
  }
}
