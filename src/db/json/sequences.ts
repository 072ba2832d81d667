// A sequence definition's graph, in the seed's Workflow Definition format (sequence_definitions.nodes and .edges).

export interface DefinitionNode {
  nodeId: string;
  type: string;
  position?: { x: number; y: number };
  data: Record<string, unknown>;
}

export interface DefinitionEdge {
  edgeId: string;
  source: string;
  target: string;
  sourceHandle?: string;
}

/** One node an enrollment passed through: when it arrived, when it left, and what came of it. */
export interface PathEntry {
  nodeId: string;
  type: string;
  enteredAt: string;
  leftAt: string | null;
  /** sent, yes, no, waited, done, exited: <reason>, ... */
  outcome: string | null;
}
