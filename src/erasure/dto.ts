import { IsString } from 'class-validator';
import { MALFORMED } from '../common/form-fields';

/** A person asking for their own erasure confirms it with their password. */
export class ErasureRequestForm {
  @IsString({ message: MALFORMED })
  password: string = '';
}
