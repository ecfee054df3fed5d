// A strict CommonJS consumer (module nodenext): the packages' require types must check with
// skipLibCheck false.
import bindings = require('@determined-ts/bindings');
import client = require('@determined-ts/client');
import mockMaster = require('@determined-ts/mock-master');

export async function topCheckpointUuid(det: client.Determined, id: number): Promise<string> {
  const exp = await det.getExperiment(id);
  const [best] = await exp.listCheckpoints({ maxResults: 1 });
  return best?.uuid ?? '';
}

export type ModelWire = bindings.components['schemas']['v1Model'];
export const count: number = Object.keys(bindings.operationTable).length;
export const start = (): Promise<mockMaster.MockMaster> => mockMaster.startMockMaster({ port: 0 });
export const mode: client.DownloadMode = client.DownloadMode.MASTER;
