/**
 * The pymm command: replay CPython allocator traces through the model, print stats,
 * benchmark. `pymm help` lists the commands.
 */
import { finalExit } from './errors.js';
import { benchCommand, benchHelp } from './bench.js';
import { benchGcHelp } from './gcbench.js';
import { heapCommand, heapHelp } from './heap.js';
import { runCommand, runHelp } from './run.js';
import { serveCommand, serveHelp } from './serve.js';
import { replayCommand, replayHelp } from './replay.js';
import { compareCommand, compareHelp, helpWithNames } from './compare.js';
import { statsCommand, statsHelp } from './stats.js';
import { traceCommand, traceHelp } from './trace.js';
import {
  benchSeekHelp, diffCommand, diffHelp, historyCommand, historyHelp, logCommand, logHelp, pinsCommand, pinsHelp,
  showCommand, showHelp, verifyCommand, verifyHelp,
} from './timeline.js';

const usage = `usage: pymm <command> [options]

commands:
  trace SCRIPT.py [ARGS...] -o OUT.trace.gz [--force]
                                      capture a pymalloc trace of any script with python3
                                      (stats of each checkpoint in OUT.stats/)
  replay TRACE [--expect-stats DIR]   replay a CPython pymalloc trace, check every address,
                                      arena and stats checkpoint against it
  replay TRACE --allocator NAME [--at CALL]
                                      the same trace through another allocator (first-fit,
                                      buddy, ...), at its end or at any call
  compare TRACE [--allocators LIST] [--html OUT]
                                      every allocator on one trace: footprint,
                                      fragmentation, ns/call; --at CALL side by side
  stats TRACE --at LABEL|LINE         sys._debugmallocstats() text at a point of a trace
  bench replay TRACE [--json]         time the replay loop (ns per allocator call)
  bench gc [--objects N] [--json]     time a full gc.collect() over N objects, 2N references

  log build TRACE -o FILE.pymmlog     record every command and event of a trace (an
                                      allocator log, indexed in FILE.pymmlog.idx)
  log export|import ...               any log to JSON Lines and back

  LOG below is an allocator log (log build) or a heap log (run --log); SEQ means the
  state after record SEQ (-1: before the first):
  show LOG [--at SEQ] [--arena|--pool|--block X]  the allocator at any seq (heap logs:
                                      the object in a block; X may be an object's id())
  history LOG --address ADDR [--limit N] [--offset N]
                                      every allocation and free of an address (or of the
                                      block it lies in), paged
  pins LOG [--at SEQ] [--arena A]     the live blocks (and objects) keeping arenas mapped
  diff LOG --from SEQ --to SEQ        what changed between two seqs (heap logs: objects)
  verify LOG                          checksums, every record against the model, the
                                      heap's invariants at sampled points (says how many)
  bench seek LOG [--n 1000] [--json]  random-seek latency, checkpoint and index memory

  run FILE.py [--log OUT.pymmlog]      run a Python program (pylite) on the simulated heap
  heap QUESTION LOG [--object ID | --name X] [--at SEQ | --line N]
                                      objects in a heap log: collections, show, history,
                                      why, objects, names, lines, pins, stats (paged;
                                      default position: the end of the program)
  serve [FILE.py|LOG|TRACE.gz] [--port N]  the web time-travel debugger on localhost

  help [COMMAND]                      this text, or a command's

Traces: 'pymm trace' captures any script; tools/cpython-trace (its README) the workloads.
Exit status: 0 ok, 1 the model diverged from CPython, 2 bad input or usage, 3 answered
from the intact prefix of a damaged log (stderr says where the damage starts).`;

const helps: Record<string, string> = {
  trace: traceHelp,
  replay: helpWithNames(replayHelp), compare: helpWithNames(compareHelp), stats: statsHelp, bench: `${benchHelp}

${benchSeekHelp}

${benchGcHelp}`, log: logHelp, show: showHelp,
  history: historyHelp, pins: pinsHelp, diff: diffHelp, verify: verifyHelp, heap: heapHelp, run: runHelp, serve: serveHelp,
};

export async function main(argv: string[]): Promise<number> {
  return finalExit(await dispatch(argv));
}

async function dispatch(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'trace':
      return traceCommand(rest);
    case 'replay':
      return replayCommand(rest);
    case 'compare':
      return compareCommand(rest);
    case 'stats':
      return statsCommand(rest);
    case 'bench':
      return benchCommand(rest);
    case 'log':
      return logCommand(rest);
    case 'show':
      return showCommand(rest);
    case 'history':
      return historyCommand(rest);
    case 'pins':
      return pinsCommand(rest);
    case 'diff':
      return diffCommand(rest);
    case 'verify':
      return verifyCommand(rest);
    case 'heap':
      return heapCommand(rest);
    case 'run':
      return runCommand(rest);
    case 'serve':
      return serveCommand(rest);
    case undefined:
      process.stderr.write(usage + '\n');
      return 2;
    case 'help':
    case '--help':
    case '-h': {
      const topic = rest[0];
      if (topic !== undefined && helps[topic] === undefined) {
        process.stderr.write(`pymm: no help for '${topic}'\n`);
        return 2;
      }
      console.log(topic === undefined ? usage : helps[topic]);
      return 0;
    }
    case '--version':
      console.log('pymm 0.1.0');
      return 0;
    default:
      process.stderr.write(`pymm: unknown command '${command}'\n\n${usage}\n`);
      return 2;
  }
}
