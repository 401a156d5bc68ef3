import { InMemoryRegisterStore } from '../../register/in-memory';
import { describeTransitionMatrix } from './matrix';

describeTransitionMatrix('in-memory store', async () => ({ store: new InMemoryRegisterStore() }));
