import { parseRegisterForm } from './register-form';

describe('parseRegisterForm', () => {
  it('reads a status per enrolment of the cohort, leaving blank students out', () => {
    const form = parseRegisterForm({ _csrf: 'x', status_4: 'present', status_5: 'excused', status_6: '', shown_4: '', shown_5: 'absent' }, [4, 5, 6, 7]);
    expect(form.errors).toEqual({});
    expect([...form.statuses]).toEqual([
      [4, 'present'],
      [5, 'excused'],
    ]);
    expect([...form.shown]).toEqual([
      [4, null],
      [5, 'absent'],
    ]);
    expect(form.values).toEqual({ status_4: 'present', status_5: 'excused', status_6: '' });
  });

  it('refuses the whole form when a field names an enrolment outside the cohort, or none at all', () => {
    for (const name of ['status_8', 'status_abc', 'status_04', 'status_', 'shown_8', 'status_1e3']) {
      const form = parseRegisterForm({ status_4: 'present', [name]: 'present' }, [4]);
      expect([name, form.errors]).toEqual([name, { register: 'attendance.register.error.unknownStudent' }]);
    }
  });

  it('puts an unknown status beside that student', () => {
    const form = parseRegisterForm({ status_4: 'late', status_5: 'absent' }, [4, 5]);
    expect(form.errors).toEqual({ status_4: 'attendance.register.error.status' });
    expect(form.values.status_4).toBe('late');
  });

  it('refuses a field sent twice, which our page never does', () => {
    expect(parseRegisterForm({ status_4: ['present', 'absent'] }, [4]).errors).toEqual({ status_4: 'attendance.register.error.status' });
    expect(parseRegisterForm({ shown_4: ['', 'absent'] }, [4]).errors).toEqual({ register: 'attendance.register.error.malformed' });
  });

  it('ignores every other field', () => {
    const form = parseRegisterForm({ _csrf: 'x', note: 'hi', constructor: 'x' }, [4]);
    expect(form).toEqual({ statuses: new Map(), shown: new Map(), errors: {}, values: {} });
  });
});
