import { InMemoryApplicationStore } from '../../persistence/in-memory';
import { SERVICE_CODES } from '../../services';
import { describeStoreContract, newApplication } from './contract';

describeStoreContract('in-memory', async () => {
  const store = new InMemoryApplicationStore(undefined, { serviceCodes: SERVICE_CODES });
  return {
    store,
    async setSequence(documentType, last) {
      // Test-only reach into the private map: the port has (rightly) no way to set a sequence.
      (store as unknown as { sequences: Map<string, number> }).sequences.set(documentType, last);
    },
    cleanup: () => store.close(),
  };
});

test("a store built without the registry's codes takes any well-formed code and refuses a malformed one", async () => {
  const store = new InMemoryApplicationStore();
  await expect(store.createApplication(newApplication({ serviceCode: 'a-service-added-later' }))).resolves.toBeDefined();
  await expect(store.createApplication(newApplication({ serviceCode: 'Not A Code' }))).rejects.toMatchObject({
    code: 'VALIDATION_FAILED',
    details: [expect.objectContaining({ field: 'serviceCode' })],
  });
});
