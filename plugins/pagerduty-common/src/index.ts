/**
 * Shared types, annotation parsing and permissions of the PagerDuty plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './api';
export * from './health';
export * from './permissions';
