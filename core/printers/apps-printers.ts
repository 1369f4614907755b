import { controllerOf } from '../api/owner-references.js';
import type { Printer } from './printer.js';
import { containerCells, formatLabels, templateWide } from './printer.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- printers read open JSON */

/** `kubectl get ds|sts|controllerrevisions`, as printDaemonSet, printStatefulSet, printControllerRevision. */
export const APPS_PRINTERS: Record<string, Printer> = {
  DaemonSet: {
    // NODE SELECTOR is the pod template's nodeSelector, not the DaemonSet's label selector.
    columns: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, age) => {
      const st = o.status ?? {};
      const counts = [st.desiredNumberScheduled, st.currentNumberScheduled, st.numberReady, st.updatedNumberScheduled, st.numberAvailable].map((n) => String(n ?? 0));
      return [o.metadata.name ?? '', ...counts, formatLabels(o.spec?.template?.spec?.nodeSelector), age];
    },
    wideRow: (o) => templateWide(o),
  },
  StatefulSet: {
    // READY is ready/spec.replicas; spec.replicas defaults to 1 (web: 2 of 3 ready reads 2/3).
    columns: ['NAME', 'READY', 'AGE'],
    wide: ['CONTAINERS', 'IMAGES'],
    row: (o, age) => [o.metadata.name ?? '', `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`, age],
    wideRow: (o) => containerCells(o.spec?.template?.spec),
  },
  ControllerRevision: {
    // CONTROLLER is the owner as `daemonset.apps/fluentd` (the group kind, lower-cased).
    columns: ['NAME', 'CONTROLLER', 'REVISION', 'AGE'],
    wide: [],
    row: (o, age) => {
      const ref = controllerOf(o);
      let controller = '<none>';
      if (ref !== undefined) {
        const group = String(ref.apiVersion ?? '').includes('/') ? String(ref.apiVersion).split('/')[0] : '';
        controller = `${String(ref.kind).toLowerCase()}${group === '' ? '' : `.${group}`}/${ref.name}`;
      }
      return [o.metadata.name ?? '', controller, String((o as any).revision ?? 0), age];
    },
  },
};
