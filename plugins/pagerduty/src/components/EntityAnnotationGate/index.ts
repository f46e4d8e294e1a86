export { EntityAnnotationGate } from './EntityAnnotationGate';
