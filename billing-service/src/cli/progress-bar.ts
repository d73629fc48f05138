/**
 * A progress bar on stderr for long imports: bytes read of the file's size, rows and rows/s.
 * On a terminal it redraws one line; elsewhere (CI logs, pipes) it prints a line every 10%.
 * Twenty lines of our own instead of a dependency: nothing here needs more.
 */
const WIDTH = 30;
const MiB = 1024 * 1024;

export class ProgressBar {
  private readonly startedMs = Date.now();
  private lastDecile = -1;
  private lastNote = '';
  private rowsPerSecond = 0;
  private drawn = false;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly totalBytes: number,
  ) {}

  update(bytes: number, rows: number, note = ''): void {
    const fraction = this.totalBytes > 0 ? Math.min(1, bytes / this.totalBytes) : 1;
    const seconds = Math.max(0.001, (Date.now() - this.startedMs) / 1000);
    // The reading rate; frozen once reading is over and the note says what happens next.
    if (!note) this.rowsPerSecond = Math.round(rows / seconds);
    const filled = Math.round(fraction * WIDTH);
    const text =
      `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ` +
      `${(bytes / MiB).toFixed(1)}/${(this.totalBytes / MiB).toFixed(1)} MiB  ${rows.toLocaleString('en-US')} rows  ` +
      `${this.rowsPerSecond.toLocaleString('en-US')} rows/s  ${seconds.toFixed(0)} s${note ? `  ${note}` : ''}`;
    if (this.out.isTTY) {
      this.out.write(`\r${text}\u001b[K`);
      this.drawn = true;
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile > this.lastDecile || note !== this.lastNote) {
      this.lastDecile = decile;
      this.lastNote = note;
      this.out.write(`${text}\n`);
    }
  }

  done(): void {
    if (this.drawn) this.out.write('\n');
    this.drawn = false;
  }
}
