// The `producers` custom section (tool-conventions): which languages, tools and SDKs built a
// module or component, e.g. `processed-by: wit-component 0.259.0`.

import { ByteReader } from './reader';

export interface ProducerField {
  /** `language`, `processed-by` or `sdk`. */
  field: string;
  values: { name: string; version: string }[];
}

export function parseProducers(r: ByteReader): ProducerField[] {
  const out: ProducerField[] = [];
  const n = r.count();
  for (let i = 0; i < n; i++) {
    const field = r.name();
    const values: { name: string; version: string }[] = [];
    const m = r.count();
    for (let j = 0; j < m; j++) values.push({ name: r.name(), version: r.name() });
    out.push({ field, values });
  }
  return out;
}

export function formatProducers(fields: readonly ProducerField[]): string {
  return fields.map((f) => `${f.field}: ${f.values.map((v) => `${v.name} ${v.version}`.trim()).join(', ')}`).join('; ');
}
