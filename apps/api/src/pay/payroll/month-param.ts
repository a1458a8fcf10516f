import type { PipeTransform } from '@nestjs/common';
import { invalidField } from '../../http/validators';

export const YEAR_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A pay month in the path, YYYY-MM; anything else is a 400 naming `month`. */
export const monthParam: PipeTransform<string, string> = {
  transform(value: string) {
    if (!YEAR_MONTH.test(value)) throw invalidField('month', 'month must be YYYY-MM');
    return value;
  },
};
