export * from './agent-messages';
export * from './agents';
export * from './builds';
export * from './events';
export * from './jobs';
export * from './queues';
export * from './rest';
export * from './usage';
