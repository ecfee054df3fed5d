import { type DownloadProgress, ProgressReporter, totalsFromResources } from './progress';

describe('ProgressReporter', () => {
  it('reports at most once per interval while counting, then exactly once at the end', () => {
    let now = 0;
    const reports: DownloadProgress[] = [];
    const progress = new ProgressReporter({
      listener: (p) => reports.push(p),
      totals: { totalBytes: 300, totalFiles: 3 },
      now: () => now,
    });
    progress.addBytes(100);
    now = 50;
    progress.addBytes(100);
    progress.addFile();
    now = 100;
    progress.addBytes(100);
    progress.addFile();
    progress.addFile();
    progress.finish();
    progress.finish();
    expect(reports).toEqual([
      { bytes: 100, totalBytes: 300, files: 0, totalFiles: 3 },
      { bytes: 300, totalBytes: 300, files: 1, totalFiles: 3 },
      { bytes: 300, totalBytes: 300, files: 3, totalFiles: 3 },
    ]);
  });

  it('reports the totals as reached when a path that does not count completes', () => {
    const reports: DownloadProgress[] = [];
    const progress = new ProgressReporter({
      listener: (p) => reports.push(p),
      totals: { totalBytes: 9, totalFiles: 2 },
    });
    progress.finish({ complete: true });
    expect(reports).toEqual([{ bytes: 9, totalBytes: 9, files: 2, totalFiles: 2 }]);
  });

  it('takes totals from a listing when the resources are unknown', () => {
    const progress = new ProgressReporter({ totals: totalsFromResources(null) });
    progress.fillTotals({ totalBytes: 5, totalFiles: 1 });
    expect(progress.snapshot()).toEqual({ bytes: 0, totalBytes: 5, files: 0, totalFiles: 1 });
  });
});

describe('totalsFromResources', () => {
  it('counts files and their sizes, not directories', () => {
    expect(totalsFromResources({ 'a/': '0', 'a/b.bin': '10', 'c.txt': '5', bad: 'x' })).toEqual({
      totalBytes: 15,
      totalFiles: 3,
    });
  });
});
