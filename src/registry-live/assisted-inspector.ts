// Facebook and LinkedIn groups: no API can search or read them (Facebook removed its Groups API in
// 2024; LinkedIn keeps groups to approved partners). A person searches with the link given here and
// pastes the group's URL, which the registry's rules normalise; nothing more can be verified.
import type { NetworkName } from '../networks/types.js';
import type { Inspection } from './facts.js';
import type { NetworkInspector } from './inspector.js';

const SEARCH: Record<'facebook' | 'linkedin', (q: string) => string> = {
  facebook: (q) => `https://www.facebook.com/search/groups/?q=${encodeURIComponent(q)}`,
  linkedin: (q) => `https://www.linkedin.com/search/results/groups/?keywords=${encodeURIComponent(q)}`,
};

const WHY: Record<'facebook' | 'linkedin', string> = {
  facebook: 'Facebook removed its Groups API on 2024-04-22: no application can search, read or post to a group',
  linkedin: 'LinkedIn opens groups to approved partners only: no search, reading or posting',
};

export function createAssistedInspector(network: Extract<NetworkName, 'facebook' | 'linkedin'>): NetworkInspector {
  return {
    network,
    needsAccount: false,
    capabilities: `${WHY[network]}; the service gives a search link on ${network} and takes the group's URL a person pastes, normalised. Pages and profiles posted through the API are checked with their account (POST /v1/accounts/{id}/check)`,
    async inspect(_ctx, address): Promise<Inspection> {
      return { kind: 'unverifiable', reason: `${WHY[network]}: ${address} is kept as given, for a person to open` };
    },
    searchLink: SEARCH[network],
  };
}
