import { encodeJsonBody } from '../core/query';
import type { ModelDefinitionEntry } from './model-context';
import { modelDefinitionBody } from './model-definition-body';

function file(path: string, bytes: Buffer): ModelDefinitionEntry {
  return {
    path,
    type: 48,
    content: bytes.toString('base64'),
    mtime: '1700000000',
    mode: 0o100644,
    uid: 0,
    gid: 0,
  };
}

function sent(body: Parameters<typeof modelDefinitionBody>[0]): { bytes: Buffer; byteLength: number } {
  const prepared = modelDefinitionBody(body);
  return { bytes: Buffer.concat([...prepared.chunks()]), byteLength: prepared.byteLength };
}

describe('modelDefinitionBody', () => {
  const large = Buffer.alloc(3 * 1024 * 1024 + 7, 0);
  for (let i = 0; i < large.length; i++) large[i] = (i * 31) % 251;
  const body = {
    activate: true,
    config: 'name: "quoted" \u00e9t\u00e9\nentrypoint: python3 train.py\n',
    modelDefinition: [
      {
        path: 'data',
        type: 53 as const,
        content: '',
        mtime: '1700000000',
        mode: 0o40755,
        uid: 0 as const,
        gid: 0 as const,
      },
      file('data/big.bin', large),
      file('r\u00e9sum\u00e9 "quoted".py', Buffer.from('print("h\u00e9")\n')),
      file('empty.txt', Buffer.alloc(0)),
    ],
    projectId: null,
    template: null,
  };

  it('sends exactly the bytes of the JSON encoding of the body, with their length', () => {
    const { bytes, byteLength } = sent(body);
    const expected = Buffer.from(encodeJsonBody(body) ?? '');
    expect(byteLength).toBe(expected.length);
    expect(bytes.equals(expected)).toBe(true);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual(body);
  });

  it('hands the body out in bounded chunks, and again from the start for another attempt', () => {
    const prepared = modelDefinitionBody(body);
    const first = [...prepared.chunks()];
    expect(first.length).toBeGreaterThan(3);
    expect(Math.max(...first.map((chunk) => chunk.length))).toBeLessThanOrEqual(1024 * 1024);
    expect(Buffer.concat([...prepared.chunks()]).equals(Buffer.concat(first))).toBe(true);
  });

  it('encodes a body without a model definition, and one with an empty one', () => {
    for (const modelDefinition of [null, []]) {
      const other = { ...body, modelDefinition };
      const { bytes, byteLength } = sent(other);
      expect(bytes.toString('utf8')).toBe(encodeJsonBody(other));
      expect(byteLength).toBe(bytes.length);
    }
  });
});
