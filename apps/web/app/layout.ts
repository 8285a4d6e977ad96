/**
 * Object graph layout with dagre (layered, left to right). A layout is kept per set of
 * nodes and edges: stepping through events that change refcounts but not references moves
 * nothing on screen, and nodes that stay keep their place better when the set grows.
 */
import { Graph, layout } from '@dagrejs/dagre';
import type { Graph as GraphJson, GraphNode } from './api';

export interface Placed { x: number; y: number; w: number; h: number }
export interface Layout { nodes: Map<number, Placed>; edges: { from: number; to: number; label: string; points: { x: number; y: number }[] }[]; width: number; height: number; ms: number }

const NODE_H = 46;
const cache = new Map<string, Layout>();

export function nodeWidth(n: GraphNode): number {
  const label = Math.max(`${n.type}#${n.id}`.length, Math.min(n.repr.length, 24), n.names.join(', ').length);
  return Math.max(84, 7 * label + 18);
}

export function layoutGraph(g: GraphJson): Layout {
  const key = g.nodes.map((n) => n.id).join(',') + '|' + g.edges.map((e) => `${e.from}>${e.to}:${e.label}`).join(',');
  const hit = cache.get(key);
  if (hit) return hit;
  const t0 = performance.now();
  const d = new Graph({ multigraph: true });
  // big graphs: tighter spacing keeps 1,000 nodes on a screen you can zoom in
  const big = g.nodes.length > 300;
  d.setGraph({ rankdir: 'LR', nodesep: big ? 8 : 18, ranksep: big ? 40 : 70, marginx: 16, marginy: 16 });
  d.setDefaultEdgeLabel(() => ({}));
  for (const n of g.nodes) d.setNode(String(n.id), { width: nodeWidth(n), height: NODE_H });
  g.edges.forEach((e, i) => d.setEdge(String(e.from), String(e.to), { label: e.label }, `e${i}`));
  layout(d);
  const nodes = new Map<number, Placed>();
  for (const n of g.nodes) {
    const p = d.node(String(n.id)) as { x: number; y: number; width: number; height: number };
    nodes.set(n.id, { x: p.x, y: p.y, w: p.width, h: p.height });
  }
  const edges = g.edges.map((e, i) => {
    const de = d.edge({ v: String(e.from), w: String(e.to), name: `e${i}` }) as { points?: { x: number; y: number }[] } | undefined;
    return { ...e, points: de?.points ?? [] };
  });
  const gg = d.graph() as { width?: number; height?: number };
  const out = { nodes, edges, width: gg.width ?? 400, height: gg.height ?? 300, ms: performance.now() - t0 };
  if (cache.size > 40) cache.delete(cache.keys().next().value!);
  cache.set(key, out);
  return out;
}
