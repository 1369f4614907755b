import type * as d3 from 'd3';
import type { DaemonSetTrack } from '../../shared/model.js';

/** A node that should run a DaemonSet's pod and has none: drawn as a dashed gap where the pod would be. */
export interface Ghost {
  key: string;
  node: string;
  ds: DaemonSetTrack;
  x: number;
  y: number;
}

/** The cluster view's layer of gaps: dashed red outlines, chip-sized, after the node's pods, so the node stands out. */
export class GhostLayer {
  constructor(private readonly g: d3.Selection<SVGGElement, unknown, null, undefined>) {}

  draw(ghosts: Ghost[], size: number): void {
    this.g
      .selectAll<SVGGElement, Ghost>('g.ghost')
      .data(ghosts, (g) => g.key)
      .join((enter) => {
        const e = enter.append('g').attr('class', 'ghost');
        e.append('rect').attr('width', size).attr('height', size).attr('rx', Math.min(4, size / 4));
        if (size >= 20) e.append('text').attr('x', size / 2).attr('y', size / 2 + 4).text('✗');
        e.append('title');
        return e;
      })
      .attr('transform', (g) => `translate(${g.x},${g.y})`)
      .attr('data-node', (g) => g.node)
      .attr('data-missing', (g) => g.ds.name)
      .call((g) => g.select('title').text((d) => `${d.node} has no ${d.ds.name} pod: DaemonSet ${d.ds.namespace}/${d.ds.name} should run one here`));
  }

  /** Chips are sized on layout: after a resize the gaps are made anew too. */
  clear(): void {
    this.g.selectAll('*').remove();
  }
}
