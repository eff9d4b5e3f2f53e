import { createParamDecorator, ExecutionContext, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import { isRowNumber } from './form-fields';

/**
 * The id in an address (/cohorts/:id) as a number. Read as written, before any conversion (which would
 * take "1e3" or "0x10" for numbers): anything that cannot be a row's id names nothing, so the page is not found.
 */
export const RowId = createParamDecorator((name: string, context: ExecutionContext): number => {
  const value = context.switchToHttp().getRequest<Request>().params[name];
  if (!isRowNumber(value)) throw new NotFoundException();
  return Number(value);
});
