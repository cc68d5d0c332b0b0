export * from './smart-account.schemas.js';
