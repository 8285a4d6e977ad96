/** File-safety checks shared by the commands that write. */
import { statSync } from 'node:fs';
import { InputError } from './errors.js';

/** Whether two paths name one file (the same inode), when both exist. */
export function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a), y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** Refuses an output that is the command's input: writing it would destroy what is being read. */
export function refuseOutputOntoInput(output: string, input: string, flag: string, what: string): void {
  if (sameFile(output, input)) throw new InputError(`${flag} ${output} is the ${what} itself (the output would replace it)`);
}
