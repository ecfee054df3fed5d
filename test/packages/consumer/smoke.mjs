// The installed packages through `import` (their ESM builds).
import * as bindings from '@determined-ts/bindings';
import * as client from '@determined-ts/client';
import * as mockMaster from '@determined-ts/mock-master';
import body from './smoke-body.cjs';

const resolved = ['@determined-ts/bindings', '@determined-ts/client', '@determined-ts/mock-master'].map(
  (name) => import.meta.resolve(name).split('/').pop(),
);
await body.smoke({ format: 'esm', client, mockMaster, bindings, resolved });
