'use strict';
// A small JSON Schema (draft 2020-12) validator: the subset our schemas
// use — type, enum, const, properties, required, additionalProperties,
// items, minItems, maxItems, minLength, pattern, minimum, maximum, oneOf, anyOf,
// $ref to "#/$defs/...".  No dependencies, so `make test` needs no npm.
function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function validate(schema, value, root = schema, where = '$') {
  if (schema === true) return null;
  if (schema === false) return `${where}: not allowed`;
  if (schema.$ref) {
    const m = /^#\/\$defs\/(.+)$/.exec(schema.$ref);
    if (!m || !root.$defs || !root.$defs[m[1]]) return `${where}: bad $ref ${schema.$ref}`;
    return validate(root.$defs[m[1]], value, root, where);
  }
  if (schema.type) {
    const types = [].concat(schema.type);
    const t = typeOf(value);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) return `${where}: expected ${types.join('|')}, got ${t}`;
  }
  if (schema.enum && !schema.enum.some((e) => e === value)) return `${where}: ${JSON.stringify(value)} not in ${JSON.stringify(schema.enum)}`;
  if ('const' in schema && schema.const !== value) return `${where}: expected ${JSON.stringify(schema.const)}`;
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return `${where}: ${value} < ${schema.minimum}`;
    if (schema.maximum !== undefined && value > schema.maximum) return `${where}: ${value} > ${schema.maximum}`;
  }
  if (typeof value === 'string' && schema.minLength !== undefined && value.length < schema.minLength) return `${where}: shorter than ${schema.minLength}`;
  if (typeof value === 'string' && schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) return `${where}: does not match ${schema.pattern}`;
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return `${where}: fewer than ${schema.minItems} items`;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return `${where}: more than ${schema.maxItems} items`;
    if (schema.items) for (let i = 0; i < value.length; i++) { const e = validate(schema.items, value[i], root, `${where}[${i}]`); if (e) return e; }
  }
  if (typeOf(value) === 'object') {
    for (const k of schema.required || []) if (!(k in value)) return `${where}.${k}: required`;
    const props = schema.properties || {};
    for (const k of Object.keys(value)) {
      if (props[k]) { const e = validate(props[k], value[k], root, `${where}.${k}`); if (e) return e; }
      else if (schema.additionalProperties !== undefined) { const e = validate(schema.additionalProperties, value[k], root, `${where}.${k}`); if (e) return e; }
    }
  }
  for (const key of ['oneOf', 'anyOf']) {
    if (!schema[key]) continue;
    const ok = schema[key].filter((s) => validate(s, value, root, where) === null).length;
    if (key === 'oneOf' ? ok !== 1 : ok < 1) return `${where}: matches ${ok} of ${key}`;
  }
  return null;
}

module.exports = { validate };
