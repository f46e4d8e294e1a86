export * from './types';
export * from './writes';
