/** Where the demo writes: permanent lines, and (in a terminal) a block redrawn in place. */
export interface Screen {
  /** True when the output is a terminal: animate, use block characters. */
  readonly animated: boolean;
  /** Prints a permanent line (above the live block in a terminal). */
  line(text: string): void;
  /** Replaces the live block; ignored when not animated (pipes get milestone lines instead). */
  live(lines: readonly string[]): void;
  /** Keeps the live block's last frame as permanent output and starts a new, empty block. */
  commit(): void;
}

/** The stream a {@link Screen} writes to (a subset of `process.stdout`). */
export interface ScreenOutput {
  readonly isTTY?: boolean;
  write(chunk: string): boolean;
}

const CLEAR_LINE = '\u001b[2K';
const CLEAR_BELOW = '\u001b[0J';
const cursorUp = (n: number): string => `\u001b[${n}A`;

/** A screen on `output`: animated when it is a terminal, plain lines otherwise. */
export function createScreen(output: ScreenOutput): Screen {
  const animated = output.isTTY === true;
  let height = 0;
  const erase = () => {
    if (height > 0) output.write(`${cursorUp(height)}\r${CLEAR_BELOW}`);
    height = 0;
  };
  let frame: readonly string[] = [];
  return {
    animated,
    line(text) {
      if (!animated) {
        output.write(`${text}\n`);
        return;
      }
      erase();
      output.write(`${CLEAR_LINE}${text}\n`);
      for (const l of frame) output.write(`${CLEAR_LINE}${l}\n`);
      height = frame.length;
    },
    live(lines) {
      if (!animated || lines.join('\n') === frame.join('\n')) return;
      erase();
      frame = lines;
      for (const l of frame) output.write(`${CLEAR_LINE}${l}\n`);
      height = frame.length;
    },
    commit() {
      frame = [];
      height = 0;
    },
  };
}
