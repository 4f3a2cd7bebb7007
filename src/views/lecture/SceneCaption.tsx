/**
 * Above the panels: the scene's title and what to look at, and the tour's
 * navigation (← → keys, presenter clickers' Page Up / Page Down).
 */
import { sceneById } from '../../params/scenes';
import { stepInfo } from '../../params/tour';
import { appStore, useApp } from '../../state/store';
import { endTour, goToStep } from './tourNav';

export function SceneCaption() {
  const sceneId = useApp((s) => s.params.scene);
  const tour = useApp((s) => s.params.tour);
  const ts = useApp((s) => s.params.ts);
  const scene = sceneId ? sceneById(sceneId) : undefined;
  if (!scene && !tour.length) return null;
  const step = tour.length ? stepInfo(tour[Math.min(ts, tour.length - 1)]) : null;
  const title = step?.title ?? scene?.title ?? '';
  const text = scene?.text ?? step?.text;
  return (
    <section className="scene-caption" aria-label="Scene" data-testid="scene-caption">
      <div className="scene-text">
        <h2 data-testid="scene-title">{title}</h2>
        {text && <p>{text}</p>}
      </div>
      {tour.length > 0 ? (
        <nav className="tour-nav" aria-label="Tour">
          <button type="button" onClick={() => goToStep(ts - 1)} disabled={ts <= 0} aria-label="Previous step" data-testid="tour-prev">
            ◀
          </button>
          <span className="tour-pos" data-testid="tour-pos">
            {Math.min(ts, tour.length - 1) + 1} / {tour.length}
          </span>
          <button type="button" onClick={() => goToStep(ts + 1)} disabled={ts >= tour.length - 1} aria-label="Next step" data-testid="tour-next">
            ▶
          </button>
          <button type="button" className="small" onClick={endTour} title="Leave the tour (the current state stays)">
            End tour
          </button>
        </nav>
      ) : (
        <button type="button" className="small" onClick={() => appStore.getState().setParam('scene', '', { history: 'push' })} aria-label="Hide the scene caption">
          ✕
        </button>
      )}
    </section>
  );
}
