/**
 * The project's zod, extended with `.openapi()` (zod-to-openapi). Import `z` from here in api/ and in
 * service modules so the extension is installed before any schema calls `.openapi(...)`.
 * (`.meta({ example })` works without it and is read the same way.)
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { z };
