/** Picks the PersonalCabinet from configuration: in-memory fake, or HTTP to `${simulatorsUrl}/cabinet`. */
import type { Config } from '../../config';
import { InMemoryPersonalCabinet } from './fake';
import { HttpPersonalCabinet } from './http';
import type { PersonalCabinet } from './port';

export function createPersonalCabinet(adapters: Config['adapters']): PersonalCabinet {
  return adapters.mode === 'fake' ? new InMemoryPersonalCabinet() : new HttpPersonalCabinet(`${adapters.simulatorsUrl}/cabinet`);
}
