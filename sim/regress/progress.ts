// A one-line progress bar on stderr (redrawn in place on a terminal, a line per update otherwise).
export class ProgressBar {
  private last = '';
  constructor(
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, passed: number, failed: number, running: string[]): void {
    const width = 30;
    const filled = this.total ? Math.round((done / this.total) * width) : width;
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total}  pass ${passed}  fail ${failed}${running.length ? `  running: ${running.slice(0, 2).join(', ')}${running.length > 2 ? ', ...' : ''}` : ''}`;
    if (line === this.last) return;
    this.last = line;
    if (this.out.isTTY) this.out.write(`\r\x1b[2K${line.slice(0, (this.out.columns ?? 120) - 1)}`);
    else this.out.write(`${line}\n`);
  }

  finish(): void {
    if (this.out.isTTY) this.out.write('\n');
  }
}
