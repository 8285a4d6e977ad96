import { debugMallocStats } from '@pymm/obmalloc';
import { Replayer, parseTraceFile } from '@pymm/obmalloc/trace';
import { parseArgs, UsageError } from './args.js';
import { EXIT_OK, InputError, reportError } from './errors.js';

export const statsHelp = `usage: pymm stats TRACE --at LABEL|LINE [--profile NAME]

Prints what sys._debugmallocstats() (its pymalloc part) prints at a point of a trace:
at the checkpoint 'S LABEL', or after the event on line LINE (a number).`;

class Stop extends Error {}

export async function statsCommand(argv: string[]): Promise<number> {
  let file: string | undefined;
  try {
    const { positionals, flags } = parseArgs(argv, { at: 'string', profile: 'string', help: 'boolean' });
    if (flags.help) {
      console.log(statsHelp);
      return EXIT_OK;
    }
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing TRACE' : `one TRACE at a time, got ${positionals.length}`);
    file = positionals[0];
    const at = flags.at as string | undefined;
    if (at === undefined) throw new UsageError('missing --at LABEL|LINE');
    const untilLine = /^\d+$/.test(at) ? Number(at) : Infinity;
    const seen: string[] = [];
    let text: string | undefined;
    const replayer = new Replayer({
      profile: flags.profile as string | undefined,
      onCheckpoint: ({ label, state }) => {
        seen.push(label);
        if (label === at) {
          text = debugMallocStats(state);
          throw new Stop();
        }
      },
    });
    try {
      await parseTraceFile(file, {
        onBatch: (b) => {
          if (replayer.consume(b, untilLine)) throw new Stop();
        },
      });
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
    }
    if (untilLine !== Infinity) {
      if (replayer.lastLine < untilLine) {
        throw new InputError(`${file}: line ${untilLine} is past the last event (line ${replayer.lastLine})`);
      }
      text = debugMallocStats(replayer.state);
    }
    if (text === undefined) {
      throw new InputError(`${file}: no checkpoint '${at}' (checkpoints: ${seen.length ? seen.join(', ') : 'none'})`);
    }
    process.stdout.write(text);
    return EXIT_OK;
  } catch (e) {
    return reportError('stats', file, e);
  }
}
