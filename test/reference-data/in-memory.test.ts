import { InMemoryReferenceDataStore } from '../../reference-data/store-memory';
import { describeReferenceDataContract } from './contract';

describeReferenceDataContract('in-memory', async () => ({ store: new InMemoryReferenceDataStore(), close: async () => undefined }));
