/**
 * Training lab (Paper A): train a PLRNN or a tanh RNN on chaotic data in a
 * worker — plain BPTT, BPTT with gradient clipping, sparse teacher forcing
 * every τ steps, generalised teacher forcing with α — and watch the loss, the
 * gradient norm, the free-running reconstruction, D_stsp, D_H and λ_max of
 * the model; then the τ sweep: D_stsp and D_H against τ with τ_pred marked
 * (Paper A's Fig. 1 at lecture scale).
 */
import './training.css';
import { TrainingPanel } from './training/TrainingPanel';
import { TauSweepPanel } from './training/TauSweepPanel';

export function TrainingView() {
  return (
    <div className="train-view">
      <TrainingPanel />
      <TauSweepPanel />
    </div>
  );
}
