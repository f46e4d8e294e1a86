export * from './types';
export * from './sla';
export * from './insights';
