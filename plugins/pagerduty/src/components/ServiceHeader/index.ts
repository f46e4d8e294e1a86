export { ServiceHeader, ServiceStatus } from './ServiceHeader';
