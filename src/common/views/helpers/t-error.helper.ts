/**
 * {{tError error}}: a field's error message, given as a message key or as { key, params }.
 */
import type { HelperOptions } from 'handlebars';
import type { FieldError } from '../../form-result';
import { t } from './t.helper';

export function tError(error: FieldError | undefined, options: HelperOptions): string {
  if (!error) return '';
  if (typeof error === 'string') return t(error, options);
  return t(error.key, { ...options, hash: error.params });
}
