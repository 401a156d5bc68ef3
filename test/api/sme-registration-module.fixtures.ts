import type { Principal } from '../../domain/roles';

export const principal: Principal = { subject: 'dev-portal', role: 'portal' };
