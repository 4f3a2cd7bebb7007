/**
 * The component of each view (tab) per model family, beside the view registry
 * (views/registry.ts), which says which families a view serves. A Record over
 * every tab: a view added to the registry without a component does not compile.
 */
import type { ComponentType } from 'react';
import type { Family } from '../core/models';
import type { Tab } from '../params/spec';
import { CobwebPanel } from '../views/panels/CobwebPanel';
import { TrajectoryPanel } from '../views/panels/TrajectoryPanel';
import { DiagramPanel } from '../views/panels/DiagramPanel';
import { Readouts } from '../views/panels/Readouts';
import { PeriodicView } from '../views/panels/PeriodicView';
import { ExpressivityView } from '../views/panels/ExpressivityView';
import { SweepPanel } from '../views/panels/SweepPanel';
import { PhaseView } from '../views/panels/PhaseView';
import { VectorExplore } from '../views/panels/VectorExplore';
import { SpectrumView } from '../views/panels/SpectrumView';
import { EigenView } from '../views/panels/EigenView';
import { GradientView } from '../views/panels/GradientView';
import { TrainingView } from '../views/panels/TrainingView';

function ExploreView() {
  return (
    <>
      <Readouts />
      <div className="grid">
        <CobwebPanel />
        <TrajectoryPanel />
        <DiagramPanel />
      </div>
    </>
  );
}

export const VIEW_COMPONENTS: Record<Tab, Partial<Record<Family, ComponentType>>> = {
  explore: { '1d': ExploreView, vector: VectorExplore },
  spectrum: { vector: SpectrumView },
  eigen: { vector: EigenView },
  gradients: { '1d': GradientView, vector: GradientView },
  training: { '1d': TrainingView, vector: TrainingView },
  periodic: { '1d': PeriodicView },
  expressivity: { '1d': ExpressivityView },
  sweep: { '1d': SweepPanel, vector: SweepPanel },
  phase: { '1d': PhaseView, vector: PhaseView },
};
