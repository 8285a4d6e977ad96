/**
 * A decider as the contract helpers (`@pymm/eventlog/testing`) see it. Domain packages
 * describe theirs with one of these so that the shared properties apply to them.
 */
export interface DeciderSpec<S, C, E> {
  readonly name: string;
  initialState(): S;
  /** Must not change state; may throw for invalid commands (the helpers skip those). */
  decide(state: S, command: C): E[];
  /** May mutate and return state. */
  evolve(state: S, event: E): S;
  clone(state: S): S;
  /** null when equal, else a short description of the first difference. */
  diff(a: S, b: S): string | null;
}
