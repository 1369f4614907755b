import { describe, expect, it } from 'vitest';
import { clockTicks } from '../../viewer/web/src/clock-ticks.js';
import { clock } from '../../viewer/web/src/format.js';

describe('a time axis\'s ticks', () => {
  it('one instant (an imported KHI sample: three writes at one time) is one tick, not 11 reading 0:00.0', () => {
    expect(clockTicks(0, 1, 11)).toEqual([0]);
    expect(clockTicks(0, 0, 11)).toEqual([0]);
  });

  it('a 0.4 s window ticks each tenth once; a 40 ms one gets its start alone', () => {
    expect(clockTicks(40_000, 40_400, 12).map(clock)).toEqual(['0:40.0', '0:40.1', '0:40.2', '0:40.3', '0:40.4']);
    expect(clockTicks(44_410, 44_450, 12)).toEqual([44_410]);
  });

  it('a whole recording: steps a clock reads, not d3\'s 50 s', () => {
    expect(clockTicks(0, 120_000, 7).map(clock)).toEqual(['0:00.0', '0:20.0', '0:40.0', '1:00.0', '1:20.0', '1:40.0', '2:00.0']);
    // rollback's 4:00 lifecycles at 1280x720 (5 ticks): d3 gave 0:50.0, 1:40.0, 2:30.0, 3:20.0.
    expect(clockTicks(0, 240_000, 5).map(clock)).toEqual(['0:00.0', '1:00.0', '2:00.0', '3:00.0', '4:00.0']);
  });
});
