/**
 * A view whose job waits for Start (the cost model, core/cost.ts): what it
 * would cost, or what it spent before its meter stopped it, and the button.
 */
import { START_BUDGET_S, START_GROWTH, fmtWork } from '../core/cost';
import { useApp } from '../state/store';
import { useEngine } from './engineContext';

export function CostGateNotice({ lane, what }: { lane: string; what: string }) {
  const gate = useApp((s) => s.gates[lane] ?? null);
  const engine = useEngine();
  if (!gate) return null;
  const budget = fmtWork(START_BUDGET_S);
  return (
    <div className="cost-gate" role="status" data-testid="cost-gate" data-lane={lane} data-seconds={gate.seconds}>
      {gate.kind === 'estimate' && gate.partial ? (
        <p>
          Shown: the part that fits in the {budget} a link starts by itself. {what} in full: <strong>{fmtWork(gate.seconds)}</strong> of computing (estimated from the link’s
          parameters, on one laptop core).
        </p>
      ) : gate.kind === 'estimate' ? (
        <p>
          {what}: <strong>{fmtWork(gate.seconds)}</strong> of computing (estimated from the link’s parameters, on one laptop core), more than the {budget} a link starts by
          itself.
        </p>
      ) : (
        <p>
          {what}: stopped after {fmtWork(gate.seconds)} of computing (the most a link starts by itself), unfinished. How long it takes depends on the map and cannot be known in
          advance.
        </p>
      )}
      <button type="button" className="primary" data-testid="cost-start" onClick={() => engine?.startGated(lane)}>
        {gate.kind === 'estimate' ? `Start (${fmtWork(gate.seconds)})` : `Continue (up to ${fmtWork(Math.max(START_BUDGET_S, gate.seconds) * START_GROWTH)})`}
      </button>
    </div>
  );
}
