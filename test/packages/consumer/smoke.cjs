// The installed packages through `require` (their CommonJS builds).
const bindings = require('@determined-ts/bindings');
const client = require('@determined-ts/client');
const mockMaster = require('@determined-ts/mock-master');
const { smoke } = require('./smoke-body.cjs');

const resolved = ['@determined-ts/bindings', '@determined-ts/client', '@determined-ts/mock-master'].map(
  (name) => require.resolve(name).split('/').pop(),
);
smoke({ format: 'cjs', client, mockMaster, bindings, resolved }).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
