import type { ModelIndex } from './model-index.js';

/**
 * The pod lifecycles' legend: the "in endpoints" band in its three states, failed
 * requests, and (when the recording has them) CPU throttling and recovery paths.
 */
export function lifecyclesLegend(mi: ModelIndex): string {
  const keys = [
    '<span class="key lc-key-ep" title="the band above a pod\'s stages: listed in its Service\'s EndpointSlice"><i class="ep-key ep-key-1"></i>in endpoints (ready)</span>',
    '<span class="key"><i class="ep-key ep-key-2"></i>terminating endpoint</span>',
    '<span class="key"><i class="ep-key ep-key-0"></i>not ready</span>',
    '<span class="key"><i class="fail-key"></i>failed request</span>',
  ];
  if (Object.keys(mi.m.throttles ?? {}).length > 0) keys.push('<span class="key lc-key-throttle" title="derived from the recorded traffic x the pod\'s cpu-per-request, not measured"><i class="throttle-key"></i>CPU throttled</span>');
  if ((mi.m.recoveries ?? []).length > 0) keys.push('<span class="key lc-key-recovery"><i class="recovery-key"></i>recovery path</span>');
  return keys.join('');
}
