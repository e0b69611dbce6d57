// Public API of the pure ticket core (no vscode import anywhere below src/core).
export * from './ids';
export * from './problems';
export * from './states';
export * from './workspace/config';
export * from './workspace/discover';
export * from './workspace/language';
export * from './ticket/frontMatter';
export * from './ticket/fields';
export * from './ticket/item';
export * from './ticket/outline';
export * from './relations/relations';
export * from './relations/plan';
export * from './relations/blockers';
export * from './store/paths';
export * from './store/ticketStore';
export * from './store/overlay';
export * from './store/discover';
