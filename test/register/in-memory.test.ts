import { InMemoryRegisterStore } from '../../register/store-memory';
import { describeTransitionMatrix } from './matrix';

describeTransitionMatrix('in-memory store', async () => ({ store: new InMemoryRegisterStore() }));
