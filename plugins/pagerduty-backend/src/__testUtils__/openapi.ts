/*
 * The OpenAPI document of the plugin (src/schema/openapi.yaml), and a check of real answers
 * against it with ajv.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

export const spec = parseYaml(
  fs.readFileSync(path.resolve(__dirname, '../schema/openapi.yaml'), 'utf8'),
);
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'openapi', components: spec.components });
const validators = new Map<string, ValidateFunction>();
/** `${METHOD} ${template} ${status}` of every answer validated against the document. */
export const validated = new Set<string>();

function templateOf(method: string, urlPath: string): string | undefined {
  return Object.keys(spec.paths).find(template => {
    if (!spec.paths[template][method.toLowerCase()]) return false;
    const pattern = template.replace(/\{[^}]+\}/g, '[^/]+');
    return new RegExp(`^${pattern}$`).test(urlPath);
  });
}

/** Throws unless the answer is documented and its body matches the documented schema. */
export function expectDocumented(
  method: string,
  urlPath: string,
  status: number,
  body: unknown,
) {
  const template = templateOf(method, urlPath);
  if (!template) throw new Error(`${method} ${urlPath} is not in openapi.yaml`);
  const responses = spec.paths[template][method.toLowerCase()].responses;
  let response =
    responses[String(status)] ?? responses[`${String(status)[0]}XX`];
  if (!response) {
    throw new Error(
      `${method} ${template} answered ${status}, which openapi.yaml does not document`,
    );
  }
  if (response.$ref) {
    response = spec.components.responses[response.$ref.split('/').pop()];
  }
  const schema = response.content?.['application/json']?.schema;
  if (!schema) return;
  // A named schema, or an inline one whose own $refs point into the document.
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(
      JSON.parse(key.replace(/"\$ref":"#\//g, '"$ref":"openapi#/')),
    );
    validators.set(key, validate);
  }
  if (!validate(body)) {
    throw new Error(
      `${method} ${template} ${status} does not match openapi.yaml: ${ajv.errorsText(
        validate.errors,
      )}\n${JSON.stringify(body).slice(0, 2000)}`,
    );
  }
  validated.add(`${method} ${template} ${status}`);
}
