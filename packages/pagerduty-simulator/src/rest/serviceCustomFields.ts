import { ErrorCodes, invalidInput, notFound } from '../server/errors';
import { Request, Response, Router } from '../server/router';
import { ServiceCustomFieldRecord } from '../state/model';
import { addServiceCustomField } from '../state/customFields';
import { jsonBody, ok } from './common';

/*
 * Service custom fields: the fields of the account (`GET`/`POST /services/custom_fields`) and
 * each service's values (`GET`/`PUT /services/{id}/custom_fields/values`), with PagerDuty's
 * rules: names of lowercase letters, digits and underscores (at most 50), values checked
 * against the field's data type and options, and an update that applies all or nothing.
 */

const DATA_TYPES: ServiceCustomFieldRecord['dataType'][] = [
  'boolean',
  'integer',
  'float',
  'string',
  'datetime',
  'url',
];
const FIELD_TYPES: ServiceCustomFieldRecord['fieldType'][] = [
  'single_value',
  'single_value_fixed',
  'multi_value',
  'multi_value_fixed',
];
const MAX_STRING = 200;
const MAX_ITEMS = 10;

function serializeField(
  req: Request,
  f: ServiceCustomFieldRecord,
  withOptions: boolean,
) {
  return {
    id: f.id,
    type: 'field',
    name: f.name,
    display_name: f.displayName,
    summary: f.displayName,
    description: f.description,
    data_type: f.dataType,
    field_type: f.fieldType,
    enabled: f.enabled,
    created_at: f.createdAt,
    updated_at: f.createdAt,
    self: `${req.sim.serializer.apiBase}/services/custom_fields/${f.id}`,
    ...(withOptions && f.fieldType.endsWith('_fixed')
      ? {
          field_options: f.options.map(o => ({
            id: o.id,
            type: 'field_option',
            data: { data_type: f.dataType, value: o.value },
            created_at: f.createdAt,
            updated_at: f.createdAt,
          })),
        }
      : {}),
  };
}

function listFields(req: Request): Response {
  const include = req.query.getAll('include[]');
  return ok({
    fields: [...req.sim.state.serviceCustomFields.values()].map(f =>
      serializeField(req, f, include.includes('field_options')),
    ),
  });
}

function createField(req: Request): Response {
  const { state } = req.sim;
  const body = jsonBody(req).field;
  if (!body || typeof body !== 'object')
    throw invalidInput('field is required');
  const name = body.name;
  if (typeof name !== 'string' || !/^[a-z0-9_]{1,50}$/.test(name)) {
    throw invalidInput(
      'name must be 1 to 50 lowercase letters, digits or underscores',
    );
  }
  if ([...state.serviceCustomFields.values()].some(f => f.name === name)) {
    throw invalidInput('Name has already been taken');
  }
  if (typeof body.display_name !== 'string' || !body.display_name.trim()) {
    throw invalidInput("Display name can't be blank");
  }
  if (!DATA_TYPES.includes(body.data_type)) {
    throw invalidInput(`data_type must be one of ${DATA_TYPES.join(', ')}`);
  }
  if (!FIELD_TYPES.includes(body.field_type)) {
    throw invalidInput(`field_type must be one of ${FIELD_TYPES.join(', ')}`);
  }
  const fixed = String(body.field_type).endsWith('_fixed');
  const options: unknown[] = Array.isArray(body.field_options)
    ? body.field_options
    : [];
  if (fixed && options.length === 0) {
    throw invalidInput(`field_options are required for ${body.field_type}`);
  }
  const values = options.map((o: any, i) => {
    if (typeof o?.data?.value !== 'string') {
      throw invalidInput(`field_options[${i}].data.value must be a string`);
    }
    return o.data.value as string;
  });
  const record = addServiceCustomField(state, {
    name,
    displayName: body.display_name.trim(),
    description: typeof body.description === 'string' ? body.description : null,
    dataType: body.data_type,
    fieldType: body.field_type,
    enabled: body.enabled !== false,
    options: values,
  });
  return ok({ field: serializeField(req, record, true) }, 201);
}

function serviceOf(req: Request) {
  const service = req.sim.state.services.get(req.params.id);
  if (!service) throw notFound(ErrorCodes.serviceNotFound, 'Service Not Found');
  return service;
}

function serializeValues(req: Request, serviceId: string) {
  const values = req.sim.state.serviceFieldValues.get(serviceId);
  return [...req.sim.state.serviceCustomFields.values()]
    .filter(f => f.enabled)
    .map(f => ({
      id: f.id,
      type: 'field_value',
      name: f.name,
      display_name: f.displayName,
      description: f.description,
      data_type: f.dataType,
      field_type: f.fieldType,
      value: values?.get(f.id) ?? null,
    }));
}

function getValues(req: Request): Response {
  const service = serviceOf(req);
  return ok({ custom_fields: serializeValues(req, service.id) });
}

/** The value as stored, or the reason it does not fit the field. */
function checkValue(
  f: ServiceCustomFieldRecord,
  value: unknown,
): string | number | boolean | string[] | null {
  if (value === null) return null;
  const multi = f.fieldType.startsWith('multi_value');
  if (multi) {
    if (!Array.isArray(value) || value.length > MAX_ITEMS) {
      throw invalidInput(
        `${f.name} takes a list of at most ${MAX_ITEMS} values`,
      );
    }
    return value.map(v => checkOne(f, v) as string);
  }
  return checkOne(f, value);
}

function checkOne(f: ServiceCustomFieldRecord, value: unknown) {
  const fail = (expected: string): never => {
    throw invalidInput(`${f.name} must be ${expected}`);
  };
  switch (f.dataType) {
    case 'boolean':
      if (typeof value !== 'boolean') fail('true or false');
      break;
    case 'integer':
      if (!Number.isInteger(value)) fail('an integer');
      break;
    case 'float':
      if (typeof value !== 'number') fail('a number');
      break;
    case 'datetime':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
        fail('an ISO 8601 date-time');
      break;
    case 'url':
      if (typeof value !== 'string' || !/^https?:\/\/\S+$/.test(value))
        fail('a URL');
      break;
    default:
      if (typeof value !== 'string' || value.length > MAX_STRING)
        fail(`a string of at most ${MAX_STRING} characters`);
  }
  if (
    f.fieldType.endsWith('_fixed') &&
    !f.options.some(o => o.value === value)
  ) {
    fail(`one of ${f.options.map(o => o.value).join(', ')}`);
  }
  return value as string | number | boolean;
}

function putValues(req: Request): Response {
  const { state } = req.sim;
  const service = serviceOf(req);
  const items = jsonBody(req).custom_fields;
  if (!Array.isArray(items)) throw invalidInput('custom_fields is required');
  const fields = [...state.serviceCustomFields.values()];
  // All or nothing: check every item before changing anything.
  const changes = items.map((item: any, i: number) => {
    const field =
      typeof item?.id === 'string'
        ? state.serviceCustomFields.get(item.id)
        : fields.find(f => f.name === item?.name);
    if (!field || !field.enabled) {
      throw invalidInput(
        `custom_fields[${i}]: no enabled field ${JSON.stringify(
          item?.id ?? item?.name,
        )}`,
      );
    }
    if (!item || !('value' in item)) {
      throw invalidInput(`custom_fields[${i}].value is required`);
    }
    return { field, value: checkValue(field, item.value) };
  });
  const values = state.serviceFieldValues.get(service.id) ?? new Map();
  for (const { field, value } of changes) {
    if (value === null) values.delete(field.id);
    else values.set(field.id, value);
  }
  state.serviceFieldValues.set(service.id, values);
  return ok({ custom_fields: serializeValues(req, service.id) }, 201);
}

export function registerServiceCustomFieldRoutes(r: Router): void {
  r.add('rest', 'GET', '/services/custom_fields', listFields);
  r.add('rest', 'POST', '/services/custom_fields', createField);
  r.add('rest', 'GET', '/services/{id}/custom_fields/values', getValues);
  r.add('rest', 'PUT', '/services/{id}/custom_fields/values', putValues);
}
