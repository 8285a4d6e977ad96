/** Types for python.mjs (shared by golden.mjs, corpus.mjs and the tests). */
export declare const PYTHON_FLAGS: string[];

export interface PythonInfo {
  exe: string;
  version: string;
  via: string;
}
export declare function findPython(explicit?: string | null): PythonInfo;

export declare function fixedEnv(): Record<string, string>;

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  ms: number;
  error: string | null;
}
export declare function runProcess(
  cmd: string,
  args: string[],
  options?: { cwd?: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<ProcessResult>;

export declare function killRunning(): void;
