/**
 * The service registry: one line per regulation. To add a service, write api/services/<code>.ts
 * exporting a ServiceModule (api/service-module.ts), import it here and add it to the list.
 */
import '../zod'; // installs `.openapi()` on zod before any module builds its schemas
import type { ServiceModule } from '../service-module';
import { flagEmblemLicenseModule, flagEmblemLicenseReissueModule } from '../../services/flag-emblem/license-api';
import { flagEmblemLicenseDuplicateModule } from '../../services/flag-emblem/duplicate-api';
import { smeRegistrationModule } from '../../services/sme-registration/api';

export const SERVICE_MODULES: ServiceModule[] = [smeRegistrationModule, flagEmblemLicenseModule, flagEmblemLicenseReissueModule, flagEmblemLicenseDuplicateModule];
