export { ROLES, roleAllows, type Role } from './roles.ts';
