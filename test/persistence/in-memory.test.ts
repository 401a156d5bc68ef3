import { InMemoryApplicationStore } from '../../persistence/in-memory';
import { describeStoreContract } from './contract';

describeStoreContract('in-memory', async () => {
  const store = new InMemoryApplicationStore();
  return {
    store,
    async setSequence(documentType, last) {
      // Test-only reach into the private map: the port has (rightly) no way to set a sequence.
      (store as unknown as { sequences: Map<string, number> }).sequences.set(documentType, last);
    },
    cleanup: () => store.close(),
  };
});
