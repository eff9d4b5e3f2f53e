import { attendanceRate } from './attendance-rate';

describe('attendanceRate', () => {
  it('counts present and excused as attended, out of every recorded day', () => {
    expect(attendanceRate({ present: 7, excused: 1, absent: 2 }, 80)).toEqual({
      present: 7, excused: 1, absent: 2, recorded: 10, percent: 80, threshold: 80, meetsThreshold: true,
    });
  });

  it('never rounds a rate up past the threshold', () => {
    const rate = attendanceRate({ present: 79, absent: 20, excused: 0 }, 80);
    expect(rate.percent).toBe(79);
    expect(rate.meetsThreshold).toBe(false);
  });

  it('says nothing about the threshold before anything is recorded', () => {
    expect(attendanceRate({}, 80)).toMatchObject({ recorded: 0, percent: null, meetsThreshold: null });
  });
});
