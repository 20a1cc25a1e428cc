/** The SASL mechanisms this broker serves, by the names clients ask for in SaslHandshake. */
import type { SaslMechanismName } from '../listeners';
import type { SaslUserStore } from '../users';
import { PlainServer } from './plain';
import { ScramServer } from './scram';
import type { SaslServer } from './SaslServer';

export function createSaslServer(mechanism: SaslMechanismName, users: SaslUserStore): SaslServer {
  switch (mechanism) {
    case 'PLAIN':
      return new PlainServer(users);
    case 'SCRAM-SHA-256':
      return new ScramServer('sha256', users);
    case 'SCRAM-SHA-512':
      return new ScramServer('sha512', users);
  }
}
