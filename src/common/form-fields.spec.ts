import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
import { isRowNumber, MALFORMED, RecordVersion } from './form-fields';
import { toFormInvalid } from './form-view';

class Edit {
  @RecordVersion() version: string = '';
}

class Named {
  @IsString() name: string;
}

describe('isRowNumber', () => {
  it('takes the digits of a whole number from 1 up to the largest integer column value', () => {
    for (const value of ['1', '42', '2147483647']) expect(isRowNumber(value)).toBe(true);
  });

  it('refuses anything else, however a number might be read out of it', () => {
    for (const value of ['', '0', '-1', '01', '1.0', '1e3', '0x10', ' 1', '1 ', 'Infinity', 'NaN', '2147483648', '99999999999', 1, ['1'], null, undefined]) {
      expect(isRowNumber(value)).toBe(false);
    }
  });
});

describe('RecordVersion', () => {
  const errors = (plain: object) => toFormInvalid(validateSync(plainToInstance(Edit, plain))).fieldErrors;

  it('accepts the version the page showed', () => {
    expect(errors({ version: '3' })).toEqual({});
  });

  it('refuses a missing, malformed or repeated version with the message for a form changed by hand', () => {
    for (const plain of [{}, { version: '' }, { version: 'abc' }, { version: 'Infinity' }, { version: ['1', '1'] }, { version: { a: 1 } }]) {
      expect(errors(plain)).toEqual({ version: MALFORMED });
    }
  });
});

describe('toFormInvalid', () => {
  it('gives a rule broken without a message of ours (a field sent twice) the message for a form changed by hand', () => {
    expect(toFormInvalid(validateSync(plainToInstance(Named, { name: ['a', 'b'] }))).fieldErrors).toEqual({ name: MALFORMED });
  });
});
