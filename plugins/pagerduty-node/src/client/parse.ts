import { z } from 'zod';
import { PagerDutyApiError } from '../http/errors';

/** Validates an answer of PagerDuty; a shape it does not have is "unavailable", not a crash. */
export function parsePagerDutyAnswer<T>(
  schema: z.ZodType<T>,
  value: unknown,
  route: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new PagerDutyApiError({
      kind: 'unavailable',
      message: `PagerDuty's answer to ${route} is not in the expected shape (${issue.path.join(
        '.',
      )}: ${issue.message})`,
    });
  }
  return result.data;
}
