import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { envelopeKeys } from './htcds.mapping.js';

/*
 * Test helpers: the HTCDS field sheet and the field keys of a record. The sheet is a copy of
 * ../shared/standards/htcds-fields.tsv kept beside this file (HTCDS v2.0, IOM, CC BY 4.0), so a clone of
 * this repository alone has it.
 */

/** Field names of the HTCDS sheet (column "Field Name including Prefix"). */
export function htcdsFieldNames(): Set<string> {
  const tsv = readFileSync(fileURLToPath(new URL('./htcds-fields.tsv', import.meta.url)), 'utf8');
  const names = new Set<string>();
  for (const line of tsv.split('\n')) {
    const col = line.split('\t')[6]?.trim();
    if (col && /^[a-z]{3}_[A-Za-z]+$/.test(col)) names.add(col);
  }
  return names;
}

/** Every key of a record (nested), except Phakhi's envelope keys. */
export function fieldKeys(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) fieldKeys(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (!envelopeKeys.has(k)) out.add(k);
      if (typeof v === 'object') fieldKeys(v, out);
    }
  }
  return out;
}

