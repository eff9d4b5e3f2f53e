import { keptValues } from './form-view';

describe('keptValues', () => {
  it('keeps what was typed, never a password or the token', () => {
    expect(keptValues({ _csrf: 't', name: 'Kari', password: 'secret', newPassword: 'x', coordinators: ['1', '2'] })).toEqual({ name: 'Kari', coordinators: ['1', '2'] });
  });

  it('drops what no form sends (objects, numbers, lists of them), which the page could not show', () => {
    expect(keptValues({ version: { toString: 'x' }, hours: 3, done: true, nothing: null, themes: ['hope', { a: 1 }], text: 'ok' })).toEqual({ text: 'ok' });
    expect(keptValues(null)).toEqual({});
    expect(keptValues('text')).toEqual({});
  });
});
