/**
 * The scene library as a dialog: the scenes by group, each a link that opens
 * it (the app reloads its state on hashchange), and a button that starts the
 * default lecture tour.
 */
import { LECTURE_TOUR, SCENE_GROUPS, sceneById, sceneHash, type Scene } from '../../params/scenes';
import { tourHash } from '../../lecture/steps';
import { appStore, useApp } from '../../state/store';
import { Dialog } from './Dialog';
import './about.css';

function SceneLink({ scene, current, tourStep, onOpen }: { scene: Scene; current: boolean; tourStep: number; onOpen: () => void }) {
  return (
    <li>
      <a href={`#${sceneHash(scene)}`} onClick={onOpen} aria-current={current ? 'true' : undefined} data-scene={scene.id}>
        <span className="scene-item-title">
          {scene.title}
          {tourStep >= 0 && <span className="scene-item-tour">tour step {tourStep + 1}</span>}
        </span>
        <span className="scene-item-text">{scene.text}</span>
      </a>
    </li>
  );
}

export function ScenesMenu({ open, onClose }: { open: boolean; onClose: () => void }) {
  const currentId = useApp((s) => s.params.scene);
  const startTour = () => {
    const steps = LECTURE_TOUR.map((id) => ({ scene: id }));
    location.hash = tourHash(steps, appStore.getState().params);
    onClose();
  };
  return (
    <Dialog open={open} onClose={onClose} title="Scenes" className="scenes-dialog" testId="scenes-dialog">
      <div className="scenes-actions">
        <button type="button" className="primary" onClick={startTour} data-testid="start-tour">
          Start the lecture tour
        </button>
        <span className="hint">
          {LECTURE_TOUR.length} steps from one neuron to training on chaotic data; ← → step through them.
        </span>
      </div>
      {SCENE_GROUPS.map((group, gi) => (
        <section key={group.title} aria-labelledby={`scene-group-${gi}`}>
          <h3 id={`scene-group-${gi}`}>{group.title}</h3>
          <ul className="scenes-list">
            {group.ids.map((id) => {
              const scene = sceneById(id);
              return scene ? <SceneLink key={id} scene={scene} current={id === currentId} tourStep={LECTURE_TOUR.indexOf(id)} onOpen={onClose} /> : null;
            })}
          </ul>
        </section>
      ))}
    </Dialog>
  );
}
