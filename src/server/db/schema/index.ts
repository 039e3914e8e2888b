export * from './reference.js';
export * from './identity.js';
export * from './audit.js';
export * from './platform.js';
export * from './persons.js';
export * from './reports.js';
export * from './network.js';
export * from './structures.js';
