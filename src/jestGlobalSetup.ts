/** `globalSetup: 'minikafka/jest/globalSetup'` in jest.config: one broker for the whole test run. */
import { globalSetup } from './jest';

export default globalSetup;
