import { createPrng } from '../rng';

/** The version the mock master reports. */
export const MOCK_MASTER_VERSION = '0.38.1';

/** Who the mock master is: ids derived from the seed so runs are reproducible. */
export interface MasterIdentity {
  version: string;
  masterId: string;
  clusterId: string;
  clusterName: string;
}

function seededUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** The identity of a mock master started with `seed`. */
export function masterIdentity(options: {
  seed: number;
  clusterName?: string | undefined;
  version?: string | undefined;
}): MasterIdentity {
  const random = createPrng(options.seed);
  const clusterId = seededUuid(random);
  const masterId = seededUuid(random);
  return {
    version: options.version ?? MOCK_MASTER_VERSION,
    masterId,
    clusterId,
    clusterName: options.clusterName ?? 'mock-master',
  };
}
