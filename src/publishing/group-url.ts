// Where a person opens a group in a browser, from the address the registry stores.
import type { NetworkName } from '../networks/types.js';

export function groupUrl(network: NetworkName, address: string | null): string | null {
  if (!address) return null;
  if (/^https?:\/\//.test(address)) return address;
  switch (network) {
    case 'telegram':
      if (address.startsWith('@')) return `https://t.me/${address.slice(1)}`;
      // Members-only link; basic groups (ids without -100) have none.
      return address.startsWith('-100') ? `https://t.me/c/${address.slice(4)}` : null;
    case 'vk':
      return /^\d+$/.test(address) ? `https://vk.com/club${address}` : `https://vk.com/${address}`;
    case 'ok':
      return /^\d+$/.test(address) ? `https://ok.ru/group/${address}` : null;
    case 'linkedin': {
      const org = /^urn:li:organization:(\d+)$/.exec(address);
      return org ? `https://www.linkedin.com/company/${org[1]}` : null;
    }
    case 'facebook':
      return /^\d+$/.test(address) ? `https://www.facebook.com/${address}` : null;
  }
}
