import { Stage, STAGE_NAMES } from '../../shared/model.js';
import { SIGTERM_COLOR, STAGE_COLOR } from './colors.js';

/** The colour key shown above the cluster view and the pod lifecycles (with the missing-daemon-pod key when the recording has DaemonSets). */
export function stageLegend(daemons = false): string {
  const item = (color: string, label: string, cls = ''): string => `<span class="key ${cls}"><i style="background:${color}"></i>${label}</span>`;
  return [
    item(STAGE_COLOR[Stage.Pending], STAGE_NAMES[Stage.Pending]),
    item(STAGE_COLOR[Stage.Creating], STAGE_NAMES[Stage.Creating]),
    item(STAGE_COLOR[Stage.Running], STAGE_NAMES[Stage.Running]),
    item(STAGE_COLOR[Stage.Ready], STAGE_NAMES[Stage.Ready]),
    item(STAGE_COLOR[Stage.Terminating], 'Terminating (preStop)', 'hatched'),
    item(SIGTERM_COLOR, 'after SIGTERM'),
    item(STAGE_COLOR[Stage.Succeeded], 'Completed'),
    item(STAGE_COLOR[Stage.Failed], 'Failed (Error)'),
    '<span class="key"><i class="rs-key"></i>top bar: its ReplicaSet, revision or Job</span>',
    '<span class="key"><i class="grace-key"></i>bottom bar: time left until it is gone (as recorded)</span>',
    '<span class="key"><i class="trouble-key"></i>red outline: BackOff / error</span>',
    ...(daemons ? ['<span class="key"><i class="ghost-key"></i>dashed: a node without its daemon pod</span>'] : []),
  ].join('');
}
