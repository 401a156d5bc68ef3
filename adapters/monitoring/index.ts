/** Picks the MonitoringSystem from configuration: in-memory fake, or HTTP to `${simulatorsUrl}/monitoring`. */
import type { Config } from '../../config';
import { InMemoryMonitoringSystem } from './fake';
import { HttpMonitoringSystem } from './http';
import type { MonitoringSystem } from './port';

export function createMonitoringSystem(adapters: Config['adapters']): MonitoringSystem {
  return adapters.mode === 'fake' ? new InMemoryMonitoringSystem() : new HttpMonitoringSystem(`${adapters.simulatorsUrl}/monitoring`);
}
