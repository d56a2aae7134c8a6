/**
 * tree-sitter's syntax tree as a flat array of numbers: one cursor walk exports it (each call into
 * WebAssembly is costly, so a node costs as few calls as possible), and the array crosses from a
 * parsing thread to the converting one without a structured clone of an object graph.
 *
 * Layout: four 32-bit words per node, in document order (pre-order):
 *   [type id | NAMED | MISSING, start, end, number of children]
 * Offsets are those of web-tree-sitter (UTF-16 code units of the parsed string).
 */
import type { Tree } from 'web-tree-sitter';
import { cursorBinding, type CursorBinding } from './tree-sitter';

export const WORDS_PER_NODE = 4;
const TYPE_MASK = 0xffff;
const NAMED = 1 << 16;
const MISSING = 1 << 17;
/** tree-sitter's id of ERROR nodes. */
const ERROR_TYPE = 0xffff;

export interface FlatTree {
  nodes: Int32Array;
  /** Whether the tree holds an ERROR or MISSING node. */
  hasError: boolean;
}

/** A syntax node as a plain object (the form the tests compare). */
export interface TNode {
  type: string;
  named: boolean;
  missing: boolean;
  start: number;
  end: number;
  children: TNode[];
}

/** Exports a tree-sitter tree. */
export function exportTree(tree: Tree): FlatTree {
  const binding = cursorBinding();
  return binding ? exportThroughBinding(tree, binding) : exportThroughCursor(tree);
}

/** The cursor's four words (web-tree-sitter keeps them as the indexed fields of a TreeCursor). */
type CursorWords = Record<0 | 1 | 2 | 3, number>;

/** What a walk asks of the cursor: the current node's fields, and the moves. */
interface Moves {
  typeId(): number;
  named(): boolean;
  missing(): boolean;
  start(): number;
  end(): number;
  firstChild(): boolean;
  nextSibling(): boolean;
  parent(): boolean;
}

/**
 * The walk through the module's C functions: the cursor is written into the transfer buffer once,
 * moves there, and is read back before it is freed (its stack may have moved as it grew).
 */
function exportThroughBinding(tree: Tree, b: CursorBinding): FlatTree {
  const t = (tree as unknown as CursorWords)[0];
  const cursor = tree.walk();
  const words = cursor as unknown as CursorWords;
  const tb = b.transferBuffer;
  // the tree's own questions first: they use the transfer buffer too
  const { hasError, descendantCount } = tree.rootNode;
  for (let i = 0; i < 4; i++) b.setValue(tb + 4 * i, words[i as 0], 'i32');
  try {
    return walk(hasError, descendantCount, {
      typeId: () => b._ts_tree_cursor_current_node_type_id_wasm(t),
      named: () => b._ts_tree_cursor_current_node_is_named_wasm(t) === 1,
      missing: () => b._ts_tree_cursor_current_node_is_missing_wasm(t) === 1,
      start: () => b._ts_tree_cursor_start_index_wasm(t),
      end: () => b._ts_tree_cursor_end_index_wasm(t),
      firstChild: () => b._ts_tree_cursor_goto_first_child_wasm(t) === 1,
      nextSibling: () => b._ts_tree_cursor_goto_next_sibling_wasm(t) === 1,
      parent: () => b._ts_tree_cursor_goto_parent_wasm(t) === 1,
    });
  } finally {
    for (let i = 0; i < 4; i++) words[i as 0] = b.getValue(tb + 4 * i, 'i32');
    cursor.delete();
  }
}

/** The same walk through web-tree-sitter's cursor API (also the reference the tests compare with). */
export function exportThroughCursor(tree: Tree): FlatTree {
  const { hasError, descendantCount } = tree.rootNode;
  const c = tree.walk();
  try {
    return walk(hasError, descendantCount, {
      typeId: () => c.nodeTypeId,
      named: () => c.nodeIsNamed,
      missing: () => c.nodeIsMissing,
      start: () => c.startIndex,
      end: () => c.endIndex,
      firstChild: () => c.gotoFirstChild(),
      nextSibling: () => c.gotoNextSibling(),
      parent: () => c.gotoParent(),
    });
  } finally {
    c.delete();
  }
}

/** Walks the tree from the cursor's node, in document order, into the flat layout. */
function walk(hasError: boolean, count: number, m: Moves): FlatTree {
  const nodes = new Int32Array(count * WORDS_PER_NODE);
  const named = new Map<number, boolean>();
  // the open ancestors: their indexes in nodes
  const open: number[] = [];
  let n = 0;
  for (;;) {
    const at = n * WORDS_PER_NODE;
    n++;
    const typeId = m.typeId();
    let isNamed = named.get(typeId);
    if (isNamed === undefined) named.set(typeId, (isNamed = m.named()));
    let word = typeId & TYPE_MASK;
    if (isNamed) word |= NAMED;
    if (hasError && m.missing()) word |= MISSING;
    nodes[at] = word;
    nodes[at + 1] = m.start();
    nodes[at + 2] = m.end();
    if (open.length > 0) nodes[open[open.length - 1] + 3]++;
    if (m.firstChild()) {
      open.push(at);
      continue;
    }
    // a leaf: go up to the first ancestor with a next sibling
    while (!m.nextSibling()) {
      if (open.length === 0 || !m.parent()) return { nodes: n === count ? nodes : nodes.slice(0, n * WORDS_PER_NODE), hasError };
      open.pop();
    }
  }
}

/** The type of the node at `at` (an index in `nodes`), as `TreeCursor.nodeType` names it. */
export function typeAt(nodes: Int32Array, at: number, types: readonly string[]): string {
  const id = nodes[at] & TYPE_MASK;
  return id === ERROR_TYPE ? 'ERROR' : types[id] || 'ERROR';
}

/** The index just after the subtree of the node at `at`. */
export function subtreeEnd(nodes: Int32Array, at: number): number {
  let pending = 1;
  while (pending > 0) {
    pending += nodes[at + 3] - 1;
    at += WORDS_PER_NODE;
  }
  return at;
}

/**
 * The tree as the converter reads it: a node is its number (its words start at number *
 * WORDS_PER_NODE), and its fields and children are read from the array when asked for, so that
 * reading a file makes no object per node.
 */
export class TreeView {
  private readonly nodes: Int32Array;
  /** after[i]: the number of the node after the subtree of node i (its next sibling or an ancestor's). */
  private readonly after: Int32Array;

  constructor(
    tree: FlatTree,
    private readonly types: readonly string[],
  ) {
    const nodes = (this.nodes = tree.nodes);
    const count = nodes.length / WORDS_PER_NODE;
    const after = (this.after = new Int32Array(count));
    for (let i = count - 1; i >= 0; i--) {
      let j = i + 1;
      for (let c = nodes[i * WORDS_PER_NODE + 3]; c > 0 && j < count; c--) j = after[j];
      after[i] = j;
    }
  }

  type(n: number): string {
    return typeAt(this.nodes, n * WORDS_PER_NODE, this.types);
  }

  named(n: number): boolean {
    return (this.nodes[n * WORDS_PER_NODE] & NAMED) !== 0;
  }

  missing(n: number): boolean {
    return (this.nodes[n * WORDS_PER_NODE] & MISSING) !== 0;
  }

  start(n: number): number {
    return this.nodes[n * WORDS_PER_NODE + 1];
  }

  end(n: number): number {
    return this.nodes[n * WORDS_PER_NODE + 2];
  }

  /** The numbers of the node's children, in order. */
  children(n: number): number[] {
    const { nodes, after } = this;
    const out: number[] = [];
    let j = n + 1;
    for (let c = nodes[n * WORDS_PER_NODE + 3]; c > 0 && j < after.length; c--) {
      out.push(j);
      j = after[j];
    }
    return out;
  }
}

/** The tree as plain nodes, all made at once (the form the tests compare). */
export function decodeTree(tree: FlatTree, types: readonly string[]): TNode {
  const nodes = tree.nodes;
  const make = (at: number): TNode => {
    const word = nodes[at];
    return {
      type: typeAt(nodes, at, types),
      named: (word & NAMED) !== 0,
      missing: (word & MISSING) !== 0,
      start: nodes[at + 1],
      end: nodes[at + 2],
      children: [],
    };
  };
  const root = make(0);
  // open nodes with the number of children still to read
  const open: TNode[] = [root];
  const left: number[] = [nodes[3]];
  for (let at = WORDS_PER_NODE; at < nodes.length; at += WORDS_PER_NODE) {
    while (left[left.length - 1] === 0) {
      open.pop();
      left.pop();
    }
    const node = make(at);
    open[open.length - 1].children.push(node);
    left[left.length - 1]--;
    if (nodes[at + 3] > 0) {
      open.push(node);
      left.push(nodes[at + 3]);
    }
  }
  return root;
}
