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
