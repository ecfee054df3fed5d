import { tarArchiveBytes } from './archive-size';

describe('tarArchiveBytes', () => {
  it('counts a header per entry, file data in whole 512-byte blocks and the two end blocks', () => {
    expect(tarArchiveBytes({})).toBe(1024);
    expect(tarArchiveBytes({ 'empty.txt': '0' })).toBe(512 + 1024);
    expect(tarArchiveBytes({ 'a.bin': '1', 'b.bin': '512', 'c.bin': '513' })).toBe(
      3 * 512 + (512 + 512 + 1024) + 1024,
    );
    expect(tarArchiveBytes({ 'code/': '0', 'code/model.py': '9' })).toBe(2 * 512 + 512 + 1024);
  });

  it('takes a name that a ustar prefix and name can hold', () => {
    const long = `${'d'.repeat(150)}/${'f'.repeat(100)}`;
    expect(tarArchiveBytes({ [long]: '1' })).toBe(512 + 512 + 1024);
  });

  it.each([
    ['a name longer than ustar can split', { [`${'d'.repeat(156)}/${'f'.repeat(10)}`]: '1' }],
    ['a last part longer than 100 bytes', { [`dir/${'f'.repeat(101)}`]: '1' }],
    ['a non-ASCII name', { 'modèle.bin': '1' }],
    ['a size that is not a whole number of bytes', { 'a.bin': '1.5' }],
    ['a missing size', { 'a.bin': '' }],
  ])('is undefined for %s', (_what, resources) => {
    expect(tarArchiveBytes(resources)).toBeUndefined();
  });
});
