/** `globalTeardown: 'minikafka/jest/globalTeardown'` in jest.config: stops the run's broker. */
import { globalTeardown } from './jest';

export default globalTeardown;
