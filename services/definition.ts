/**
 * What a service is to the rest of the application, in one typed value: the worker takes its workflow
 * and activities, the API its module (routes, OpenAPI, catalogue descriptor, decision forms), the
 * dashboard its labels, the docs' service table its code. services/index.ts lists every definition;
 * everything else is derived from that list.
 */
import type { ServiceModule } from '../api/service-module';
import type { ExternalSystems } from '../adapters';
import type { PermitRegister } from '../register/permit-register';
import type { LocalizedText, ServiceReview, TermSuspension } from '../domain/services';
import type { ServiceComplaints } from '../domain/complaints';
import type { NationalCertificationAuthority } from '../pki/nca';

/** What the worker hands every service's activity factory (worker.ts). */
export interface ServiceActivityDeps extends ExternalSystems {
  permitRegister: PermitRegister;
  /** Where the payment gateway reports a payment (api/routes/payment-callback.ts). */
  paymentCallbackUrl: string;
  /** The National Certification Authority (pki/): the seed 002 services issue and revoke through it; absent, they fail. */
  nca?: NationalCertificationAuthority;
}

/**
 * Builds a service's activities. Temporal names an activity by its property name, so two services may
 * share a factory (the worker builds each factory once) but never two different activities of one name.
 */
export type ActivityFactory = (deps: ServiceActivityDeps) => object;

export interface ServiceDefinition {
  /** The API module; its descriptor is the catalogue entry and its `workflow` the case's workflow. */
  module: ServiceModule;
  /** Who decides and whose signature the result carries (GET /v1/services shows it). */
  review: ServiceReview;
  /**
   * seed 004 ¶39.9: whether the term stops while an approving body answers, as the service's own law says
   * (GET /v1/services shows it). The workflow reads the same constant from the service's rules.
   */
  termSuspension: TermSuspension;
  /**
   * Complaints against its cases (seed 003 ¶16–17 or seed 002 ¶11–12): the regime, the body behind each
   * addressee, whether an upheld complaint re-decides the case (GET /v1/services shows it).
   */
  complaints: ServiceComplaints;
  /** kk/ru/en names of the stages and actions only this service has; shared ones are in web/i18n.js. */
  labels: Readonly<Record<string, LocalizedText>>;
  activities: readonly ActivityFactory[];
}
