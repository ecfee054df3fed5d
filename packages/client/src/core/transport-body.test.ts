import { type RecordingServer, startRecordingServer } from '../testing/recording-server';
import { Transport } from './transport';
import { PreparedJsonBody } from './transport-body';

let server: RecordingServer;

beforeAll(async () => {
  server = await startRecordingServer();
  server.route({ method: 'POST', path: '/api/v1/things', reply: { json: { ok: true } } });
});

afterAll(async () => {
  await server.close();
});

describe('a prepared JSON body', () => {
  it('is sent chunk by chunk as JSON with its length, and the answer is parsed as usual', async () => {
    const parts = ['{"a":', '[1,2,', '"\u00e9"]}'].map((text) => Buffer.from(text));
    const body = new PreparedJsonBody<{ a: unknown[] }>({
      byteLength: parts.reduce((sum, part) => sum + part.length, 0),
      chunks: () => parts,
    });
    const transport = new Transport({ master: server.url, validate: 'off' });
    try {
      await expect(transport.request('POST', '/api/v1/things', { body })).resolves.toEqual({ ok: true });
    } finally {
      await transport.close();
    }
    const [request] = server.requestsTo('POST', '/api/v1/things');
    expect(request?.body).toEqual({ a: [1, 2, '\u00e9'] });
    expect(request?.headers['content-length']).toBe(String(body.byteLength));
    expect(request?.headers['content-type']).toBe('application/json');
  });
});
