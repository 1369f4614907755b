import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultOutput, runOutputOf } from '../../core/cli/run-output.js';

describe('the recording a run command line writes', () => {
  it('reads -o and --output as the run command does, else beside the scenario', () => {
    expect(runOutputOf(['run', 'recordings/web.yaml'])).toBe(path.join('recordings', 'web.db'));
    expect(runOutputOf(['run', 'web.yaml', '-o', '/tmp/x.db'])).toBe('/tmp/x.db');
    expect(runOutputOf(['run', '--output', 'y.db', 'web.yaml'])).toBe('y.db');
    expect(runOutputOf(['run', '--output=z.db', 'web.yaml', '--quiet'])).toBe('z.db');
    expect(runOutputOf(['run', '-q', '--seed', '7', 'a/b.yml'])).toBe(path.join('a', 'b.db'));
    expect(defaultOutput('scenario.YAML')).toBe('scenario.db');
  });

  it('names nothing for a line without a scenario or another command', () => {
    expect(runOutputOf(['run'])).toBeUndefined();
    expect(runOutputOf(['run', '-o'])).toBeUndefined();
    expect(runOutputOf(['verify', 'web.db'])).toBeUndefined();
  });
});
