// yoi's restricted JSON-Schema subset for tool `input_schema` (`validate_input_schema` /
// `validate_schema_node`): messages and check order as yoi's, keys visited in serde_json's
// sorted order. The first problem wins (yoi returns one reason per tool).

import { compareUtf8 } from '../package/digest';
import { JsonValue } from './types';

const TYPES = ['object', 'array', 'string', 'number', 'integer', 'boolean', 'null'] as const;
type SchemaType = (typeof TYPES)[number];
const KEYWORDS = ['type', 'title', 'description', 'properties', 'required', 'additionalProperties', 'items', 'enum'];

export interface SchemaProblem {
  /** yoi's reason text, e.g. "$.properties.query: schema node must declare type". */
  reason: string;
  /** Path inside the schema value, for locating it in plugin.toml. */
  path: (string | number)[];
}

type JsonObject = { [key: string]: JsonValue };

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function has(o: JsonObject, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

class Problem extends Error {
  constructor(
    readonly reason: string,
    readonly path: (string | number)[],
  ) {
    super(reason);
  }
}

export function validateInputSchema(schema: JsonValue): SchemaProblem | undefined {
  try {
    const ty = node(schema, '$', [], true);
    if (ty !== 'object') throw new Problem('root schema type must be `object`', ['type']);
    return undefined;
  } catch (e) {
    if (e instanceof Problem) return { reason: e.reason, path: e.path };
    throw e;
  }
}

function node(schema: JsonValue, path: string, at: (string | number)[], root: boolean): SchemaType {
  if (!isObject(schema)) throw new Problem(`${path}: schema node must be a JSON object`, at);
  for (const key of Object.keys(schema).sort(compareUtf8)) {
    if (!KEYWORDS.includes(key)) throw new Problem(`${path}: unsupported schema keyword \`${key}\``, [...at, key]);
  }
  let ty: SchemaType;
  if (!has(schema, 'type')) {
    if (root) throw new Problem('root schema must declare type = `object`', at);
    throw new Problem(`${path}: schema node must declare type`, at);
  }
  const t = schema.type;
  if (typeof t !== 'string') throw new Problem(`${path}: type must be a string`, [...at, 'type']);
  if (!(TYPES as readonly string[]).includes(t)) throw new Problem(`${path}: unsupported schema type \`${t}\``, [...at, 'type']);
  ty = t as SchemaType;

  if (has(schema, 'title') && typeof schema.title !== 'string') throw new Problem(`${path}: title must be a string`, [...at, 'title']);
  if (has(schema, 'description') && typeof schema.description !== 'string') {
    throw new Problem(`${path}: description must be a string`, [...at, 'description']);
  }

  const properties = has(schema, 'properties') ? schema.properties : undefined;
  if (properties !== undefined) {
    if (ty !== 'object') throw new Problem(`${path}: properties is only supported for object schemas`, [...at, 'properties']);
    if (!isObject(properties)) throw new Problem(`${path}: properties must be a JSON object`, [...at, 'properties']);
    for (const name of Object.keys(properties).sort(compareUtf8)) {
      node(properties[name], `${path}.properties.${name}`, [...at, 'properties', name], false);
    }
  }

  if (has(schema, 'required')) {
    const required = schema.required;
    if (ty !== 'object') throw new Problem(`${path}: required is only supported for object schemas`, [...at, 'required']);
    if (!Array.isArray(required)) throw new Problem(`${path}: required must be an array`, [...at, 'required']);
    const seen = new Set<string>();
    required.forEach((entry, i) => {
      if (typeof entry !== 'string') throw new Problem(`${path}: required entries must be strings`, [...at, 'required', i]);
      if (seen.has(entry)) throw new Problem(`${path}: required entries must be unique`, [...at, 'required', i]);
      seen.add(entry);
      if (isObject(properties) && !has(properties, entry)) {
        throw new Problem(`${path}: required entry \`${entry}\` is not declared in properties`, [...at, 'required', i]);
      }
    });
  }

  if (has(schema, 'additionalProperties')) {
    const additional = schema.additionalProperties;
    if (ty !== 'object') throw new Problem(`${path}: additionalProperties is only supported for object schemas`, [...at, 'additionalProperties']);
    if (isObject(additional)) node(additional, `${path}.additionalProperties`, [...at, 'additionalProperties'], false);
    else if (typeof additional !== 'boolean') {
      throw new Problem(`${path}: additionalProperties must be boolean or schema object`, [...at, 'additionalProperties']);
    }
  }

  if (has(schema, 'items')) {
    if (ty !== 'array') throw new Problem(`${path}: items is only supported for array schemas`, [...at, 'items']);
    node(schema.items, `${path}.items`, [...at, 'items'], false);
  }

  if (has(schema, 'enum')) {
    const values = schema.enum;
    if (!Array.isArray(values)) throw new Problem(`${path}: enum must be an array`, [...at, 'enum']);
    if (values.length === 0) throw new Problem(`${path}: enum must not be empty`, [...at, 'enum']);
    for (let i = 0; i < values.length; i++) {
      for (let j = i + 1; j < values.length; j++) {
        if (jsonEqual(values[i], values[j])) throw new Problem(`${path}: enum entries must be unique`, [...at, 'enum', j]);
      }
    }
  }
  return ty;
}

/** serde_json `Value` equality (object key order does not matter). */
export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => has(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}
