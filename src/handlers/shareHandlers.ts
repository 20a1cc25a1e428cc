/** The share group APIs (KIP-932: 76-79 and 90-92), once implemented. */
import type { Handler } from './types';

export const SHARE_HANDLERS: readonly Handler[] = [];
