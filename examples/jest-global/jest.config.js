module.exports = {
  globalSetup: 'minikafka/jest/globalSetup', // one broker for the whole run
  globalTeardown: 'minikafka/jest/globalTeardown',
};
