import { CustomErrorBase } from '@backstage/errors';

/** 413: the webhook body is larger than the receiver accepts. */
export class PayloadTooLargeError extends CustomErrorBase {
  readonly statusCode = 413;
  constructor(message: string) {
    super(message);
    this.name = 'PayloadTooLargeError';
  }
}
