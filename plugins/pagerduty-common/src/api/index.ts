export * from './types';
export * from './writes';
export * from './mapping';
