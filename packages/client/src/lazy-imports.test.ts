// Cold start: importing the SDK must not load the libraries that only some calls need.
describe('importing the SDK', () => {
  it.each(['tar', 'yaml', 'ignore'])('does not load %s until a call needs it', async (library) => {
    const loaded: string[] = [];
    await jest.isolateModulesAsync(async () => {
      jest.doMock(library, () => {
        loaded.push(library);
        return jest.requireActual(library);
      });
      const sdk = await import('./index');
      expect(typeof sdk.Determined).toBe('function');
    });
    expect(loaded).toEqual([]);
  });
});
