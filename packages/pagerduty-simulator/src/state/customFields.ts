import { ServiceCustomFieldRecord } from './model';
import { SimulatorState } from './store';

/** Adds a field (used by `POST /services/custom_fields` and the seed). */
export function addServiceCustomField(
  state: SimulatorState,
  field: Omit<ServiceCustomFieldRecord, 'id' | 'createdAt' | 'options'> & {
    /** Fixed ids keep the seed's other ids as they were. */
    id?: string;
    options?: string[];
  },
): ServiceCustomFieldRecord {
  const id = field.id ?? state.rng.pdId();
  const record: ServiceCustomFieldRecord = {
    ...field,
    id,
    createdAt: state.nowIso(),
    options: (field.options ?? []).map((value, i) => ({
      id: `${id}O${i + 1}`,
      value,
    })),
  };
  state.serviceCustomFields.set(record.id, record);
  return record;
}
