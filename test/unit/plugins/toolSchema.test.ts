// yoi's JSON-Schema subset for tool input_schema (spec §2.6): each rule passes and fails with
// yoi's reason text, and the reported path points into the schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateInputSchema } from '../../../src/core/plugins/manifest/toolSchema';
import { JsonValue } from '../../../src/core/plugins/manifest/types';
import { toolNameProblem } from '../../../src/core/plugins/names';

function reason(schema: JsonValue): string | undefined {
  return validateInputSchema(schema)?.reason;
}

test('accepts the full subset', () => {
  assert.equal(
    reason({
      type: 'object',
      title: 'T',
      description: 'D',
      properties: {
        query: { type: 'string', description: 'Search text' },
        limit: { type: 'integer', enum: [1, 5, 10] },
        tags: { type: 'array', items: { type: 'string' } },
        nested: { type: 'object', properties: { ok: { type: 'boolean' } }, additionalProperties: { type: 'null' } },
        n: { type: 'number' },
      },
      required: ['query'],
      additionalProperties: false,
    }),
    undefined,
  );
});

test('root must be an object schema declaring type = object', () => {
  assert.equal(reason('not an object'), '$: schema node must be a JSON object');
  assert.equal(reason({}), 'root schema must declare type = `object`');
  assert.equal(reason({ type: 'string' }), 'root schema type must be `object`');
  assert.equal(reason({ type: 'object' }), undefined);
});

test('only the allowed keywords (first unsupported in sorted order)', () => {
  assert.equal(reason({ type: 'object', oneOf: [], $ref: '#' }), '$: unsupported schema keyword `$ref`');
  assert.equal(reason({ type: 'object', properties: { a: { type: 'string', format: 'uri' } } }), '$.properties.a: unsupported schema keyword `format`');
  assert.equal(reason({ type: 'object', default: {} }), '$: unsupported schema keyword `default`');
});

test('type must be a known type given as a string; every node declares it', () => {
  assert.equal(reason({ type: 'object', properties: { a: {} } }), '$.properties.a: schema node must declare type');
  assert.equal(reason({ type: 'object', properties: { a: { type: ['string', 'null'] } } }), '$.properties.a: type must be a string');
  assert.equal(reason({ type: 'object', properties: { a: { type: 'date' } } }), '$.properties.a: unsupported schema type `date`');
  assert.equal(reason({ type: 'object', properties: { a: 'x' } }), '$.properties.a: schema node must be a JSON object');
});

test('title and description must be strings', () => {
  assert.equal(reason({ type: 'object', title: 1 }), '$: title must be a string');
  assert.equal(reason({ type: 'object', description: true }), '$: description must be a string');
});

test('properties/required/additionalProperties only on objects, with their shapes', () => {
  assert.equal(reason({ type: 'object', properties: { a: { type: 'string', properties: {} } } }), '$.properties.a: properties is only supported for object schemas');
  assert.equal(reason({ type: 'object', properties: [] }), '$: properties must be a JSON object');
  assert.equal(reason({ type: 'object', properties: { a: { type: 'array', required: [] } } }), '$.properties.a: required is only supported for object schemas');
  assert.equal(reason({ type: 'object', required: 'a' }), '$: required must be an array');
  assert.equal(reason({ type: 'object', required: [1] }), '$: required entries must be strings');
  assert.equal(reason({ type: 'object', properties: { a: { type: 'string' } }, required: ['a', 'a'] }), '$: required entries must be unique');
  assert.equal(reason({ type: 'object', properties: { a: { type: 'string' } }, required: ['b'] }), '$: required entry `b` is not declared in properties');
  assert.equal(reason({ type: 'object', required: ['b'] }), undefined, 'without properties, required names are not checked');
  assert.equal(reason({ type: 'object', properties: { a: { type: 'string', additionalProperties: true } } }), '$.properties.a: additionalProperties is only supported for object schemas');
  assert.equal(reason({ type: 'object', additionalProperties: 'no' }), '$: additionalProperties must be boolean or schema object');
  assert.equal(reason({ type: 'object', additionalProperties: { type: 'bogus' } }), '$.additionalProperties: unsupported schema type `bogus`');
});

test('items only on arrays and must be a schema', () => {
  assert.equal(reason({ type: 'object', properties: { a: { type: 'string', items: { type: 'string' } } } }), '$.properties.a: items is only supported for array schemas');
  assert.equal(reason({ type: 'object', properties: { v: { type: 'array', items: 'x' } } }), '$.properties.v.items: schema node must be a JSON object');
});

test('enum must be a non-empty array of unique values', () => {
  assert.equal(reason({ type: 'object', properties: { a: { type: 'string', enum: 'x' } } }), '$.properties.a: enum must be an array');
  assert.equal(reason({ type: 'object', properties: { a: { type: 'string', enum: [] } } }), '$.properties.a: enum must not be empty');
  assert.equal(reason({ type: 'object', properties: { a: { type: 'object', enum: [{ x: 1, y: 2 }, { y: 2, x: 1 }] } } }), '$.properties.a: enum entries must be unique');
  assert.equal(reason({ type: 'object', properties: { a: { type: 'string', enum: ['x', 'y'] } } }), undefined);
});

test('the problem path points into the schema for locating it', () => {
  assert.deepEqual(validateInputSchema({ type: 'object', properties: { q: { type: 'string', format: 'x' } } })?.path, ['properties', 'q', 'format']);
  assert.deepEqual(validateInputSchema({ type: 'object', properties: { a: { type: 'string' } }, required: ['a', 'b'] })?.path, ['required', 1]);
});

test('tool names: non-empty, at most 128 bytes, no whitespace or control characters', () => {
  assert.equal(toolNameProblem(''), 'name must not be empty');
  assert.equal(toolNameProblem('é'.repeat(65)), 'name is longer than 128 bytes');
  assert.equal(toolNameProblem('a b'), 'name must not contain whitespace or control characters');
  assert.equal(toolNameProblem('a\u00a0b'), 'name must not contain whitespace or control characters');
  assert.equal(toolNameProblem('tab\there'), 'name must not contain whitespace or control characters');
  assert.equal(toolNameProblem('Namespaced.Tool:Name/ok'), undefined, 'a tool name need not be a safe id');
});
