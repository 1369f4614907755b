import { describe, expect, it } from 'vitest';
import { parseResources } from '../../core/import/watch/watched-resources.js';

/**
 * `kubelapse record` watches core/v1 Endpoints by default: v1.32's endpoint-controller
 * writes one per Service with a selector (kubelapse's simulator does too), so a recording
 * of a real cluster without them would miss writes that cluster made.
 */
describe('record --resources', () => {
  it('watches endpoints by default, beside endpointslices', () => {
    const names = parseResources(undefined).map((r) => r.resource);
    expect(names).toContain('endpoints');
    expect(names.indexOf('endpoints')).toBe(names.indexOf('endpointslices') - 1);
    const ep = parseResources(undefined).find((r) => r.resource === 'endpoints');
    expect(ep).toMatchObject({ group: '', version: 'v1' });
  });
  it('takes kubectl\'s short name ep', () => {
    expect(parseResources('ep,svc').map((r) => r.resource)).toEqual(['endpoints', 'services']);
  });
});
