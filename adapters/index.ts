/**
 * Every external system the workflows talk to, chosen by configuration (ADAPTERS):
 *   fake       in-memory fakes (tests, demos without the simulator process)
 *   simulator  HTTP clients against the bundled simulators (`make start` runs them at SIMULATORS_URL)
 *   real       HTTP clients against the configured endpoints (today: the same protocol at SIMULATORS_URL;
 *              NCANode for signing when SIGNER=ncanode)
 * A fake never silently replaces a real one in production: config refuses ADAPTERS=fake there.
 */
import type { Config } from '../config';
import { InMemoryApprovingBodyGateway } from './approving-body/fake';
import { HttpApprovingBodyGateway } from './approving-body/http';
import type { ApprovingBodyGateway } from './approving-body/port';
import { InMemoryBank } from './bank/fake';
import { HttpBank } from './bank/http';
import type { Bank } from './bank/port';
import { createPersonalCabinet } from './cabinet';
import type { PersonalCabinet } from './cabinet/port';
import { InMemoryDigitalId } from './digital-id/fake';
import { HttpDigitalId } from './digital-id/http';
import type { DigitalId } from './digital-id/port';
import { createEmailNotices } from './email-notices';
import type { EmailNotices } from './email-notices/port';
import { InMemoryIndividualsDatabase } from './individuals-database/fake';
import { HttpIndividualsDatabase } from './individuals-database/http';
import type { IndividualsDatabase } from './individuals-database/port';
import { InMemoryInsurer } from './insurer/fake';
import { HttpInsurer } from './insurer/http';
import type { Insurer } from './insurer/port';
import { InMemoryLegalEntityRegistry } from './legal-entity-registry/fake';
import { HttpLegalEntityRegistry } from './legal-entity-registry/http';
import type { LegalEntityRegistry } from './legal-entity-registry/port';
import { createMonitoringSystem } from './monitoring';
import type { MonitoringSystem } from './monitoring/port';
import { InMemoryPaymentGateway } from './payment-gateway/fake';
import { HttpPaymentGateway } from './payment-gateway/http';
import type { PaymentGateway } from './payment-gateway/port';
import { createDocumentSigner } from './signer';
import type { DocumentSigner } from './signer/port';
import { InMemoryStateDatabases } from './state-databases/fake';
import { HttpStateDatabases } from './state-databases/http';
import type { StateDatabases } from './state-databases/port';
import { InMemoryNotarialSystem } from './notarial-system/fake';
import { HttpNotarialSystem } from './notarial-system/http';
import type { NotarialSystem } from './notarial-system/port';

export interface ExternalSystems {
  signer: DocumentSigner;
  cabinet: PersonalCabinet;
  monitoring: MonitoringSystem;
  paymentGateway: PaymentGateway;
  bank: Bank;
  insurer: Insurer;
  digitalId: DigitalId;
  legalEntityRegistry: LegalEntityRegistry;
  stateDatabases: StateDatabases;
  approvingBodies: ApprovingBodyGateway;
  /** The source of seed 004 ¶50's death notices. */
  individualsDatabase: IndividualsDatabase;
  /** The unified notarial information system: notarised powers of attorney (seed 001 ¶11(3)). */
  notarialSystem: NotarialSystem;
  /** The mail relay: notices to the e-mail an applicant gave (seed 002 ¶9). */
  emailNotices: EmailNotices;
}

/**
 * The state databases alone: the API reads them before accepting an application (seed 004 ¶21(1), (3)),
 * the worker during the case (seed 003 ¶7). In fake mode each process has its own, empty, in-memory copy.
 */
export function createStateDatabases(a: Config['adapters']): StateDatabases {
  return a.mode === 'fake' ? new InMemoryStateDatabases() : new HttpStateDatabases({ baseUrl: a.simulatorsUrl.replace(/\/+$/, '') });
}

export async function createExternalSystems(
  config: Pick<Config, 'adapters'> & { api?: Pick<Config['api'], 'publicBaseUrl'> },
): Promise<ExternalSystems> {
  const a = config.adapters;
  const signer = await createDocumentSigner(a, config.api?.publicBaseUrl);
  const cabinet = createPersonalCabinet(a);
  const monitoring = createMonitoringSystem(a);
  if (a.mode === 'fake') {
    return {
      signer,
      cabinet,
      monitoring,
      paymentGateway: new InMemoryPaymentGateway(),
      bank: new InMemoryBank(),
      insurer: new InMemoryInsurer(),
      digitalId: new InMemoryDigitalId(),
      legalEntityRegistry: new InMemoryLegalEntityRegistry(),
      stateDatabases: createStateDatabases(a),
      approvingBodies: new InMemoryApprovingBodyGateway(),
      individualsDatabase: new InMemoryIndividualsDatabase(),
      notarialSystem: new InMemoryNotarialSystem(),
      emailNotices: createEmailNotices(a),
    };
  }
  const base = a.simulatorsUrl.replace(/\/+$/, '');
  return {
    signer,
    cabinet,
    monitoring,
    paymentGateway: new HttpPaymentGateway(`${base}/payment-gateway`),
    bank: new HttpBank(`${base}/bank`),
    insurer: new HttpInsurer(`${base}/insurer`),
    digitalId: new HttpDigitalId(`${base}/digital-id`),
    legalEntityRegistry: new HttpLegalEntityRegistry(`${base}/legal-entity-registry`),
    stateDatabases: createStateDatabases(a),
    approvingBodies: new HttpApprovingBodyGateway({ baseUrl: base }),
    individualsDatabase: new HttpIndividualsDatabase(`${base}/individuals-database`, {
      onError: (e) =>
        process.stderr.write(`death-notice feed: ${e instanceof Error ? e.message : String(e)} (the notices stay in the feed)\n`),
    }),
    notarialSystem: new HttpNotarialSystem({ baseUrl: base }),
    emailNotices: createEmailNotices(a),
  };
}
