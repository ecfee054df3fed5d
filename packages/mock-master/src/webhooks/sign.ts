import { createHmac } from 'node:crypto';

/**
 * The headers the master signs a webhook request with (`webhooks/shipper.go`): an HMAC-SHA256 of
 * `<unix seconds>,<body>` under the master's `webhooks.signing_key`, hex encoded.
 */
export function signatureHeaders(options: {
  key: string;
  body: string;
  unixSeconds: number;
}): Record<string, string> {
  const mac = createHmac('sha256', options.key).update(`${options.unixSeconds},${options.body}`);
  return {
    'content-type': 'application/json; charset=UTF-8',
    'x-determined-ai-signature-timestamp': String(options.unixSeconds),
    'x-determined-ai-signature': mac.digest('hex'),
  };
}
