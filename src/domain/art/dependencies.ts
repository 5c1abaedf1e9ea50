import type { DatedIteration } from './dated';

/** One side of a blocking link as its team plans it. */
export interface DependencyEnd {
  key: string;
  teamKey: string;
  iteration: DatedIteration | null;
  done: boolean;
}

export interface ArtDependency {
  blocker: DependencyEnd;
  dependent: DependencyEnd;
}

/** docs/domain.md: on time, risky (same iteration), late, unplanned, or part of a blocking loop. */
export type DependencyState = 'onTime' | 'sameIteration' | 'late' | 'unplanned' | 'cycle';

/** Each dependency with its state; a link inside a blocking loop is a cycle whatever its dates. */
export function dependencyStates<D extends ArtDependency>(dependencies: readonly D[]): (D & { state: DependencyState })[] {
  const inLoop = loopingEdges(dependencies.map((d) => [d.blocker.key, d.dependent.key] as const));
  return dependencies.map((d, i) => ({ ...d, state: inLoop[i] ? 'cycle' : stateByDates(d) }));
}

function stateByDates({ blocker, dependent }: ArtDependency): DependencyState {
  if (blocker.done || dependent.done) return 'onTime';
  const b = blocker.iteration;
  const d = dependent.iteration;
  if (!b || !d) return 'unplanned';
  if (b.end <= d.start) return 'onTime';
  return b.end <= d.end ? 'sameIteration' : 'late';
}

/** Per edge: whether both ends sit in one strongly connected component (Tarjan, iterative), or it is a self-loop. */
function loopingEdges(edges: readonly (readonly [string, string])[]): boolean[] {
  const next = new Map<string, string[]>();
  for (const [from, to] of edges) {
    const list = next.get(from);
    if (list) list.push(to);
    else next.set(from, [to]);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const component = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  let counter = 0;
  let components = 0;
  for (const root of next.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; child: number }[] = [{ node: root, child: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; child: number };
      const children = next.get(frame.node) ?? [];
      if (frame.child < children.length) {
        const child = children[frame.child++] as string;
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, child: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(child) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.set(member, components);
        } while (member !== frame.node);
        components++;
      }
    }
  }
  return edges.map(([from, to]) => from === to || (component.has(to) && component.get(from) === component.get(to)));
}
