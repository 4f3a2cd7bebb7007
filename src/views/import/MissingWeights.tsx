/**
 * A link whose imported weights this device does not have (by hash, the
 * link's `wh`; name, `wn`): say which file it needs and take it here. Until
 * then the panels show the seeded network of the same model.
 */
import { useApp, appStore } from '../../state/store';
import { useFileDrop } from '../controls/useFileDrop';
import { useWeightImport } from './useWeightImport';
import { WEIGHT_FILE_ACCEPT } from '../ImportPanel';

export function MissingWeights() {
  const weights = useApp((s) => s.weights);
  const lookup = useApp((s) => s.weightsLookup);
  if (!weights || weights.data || lookup !== 'missing') return null;
  return <MissingWeightsBanner hash={weights.hash} name={weights.name ?? null} />;
}

function MissingWeightsBanner({ hash, name }: { hash: string; name: string | null }) {
  const imp = useWeightImport(hash);
  const drop = useFileDrop((f) => f && imp.read(f, f.name));
  return (
    <div className={`warnings missing-weights${drop.over ? ' over' : ''}`} role="alert" data-testid="missing-weights" {...drop.handlers}>
      <p>
        This link needs the weight file <strong>{name ?? 'it was made with'}</strong> (#{hash}): drop it here, or{' '}
        <input type="file" accept={WEIGHT_FILE_ACCEPT} onChange={(e) => e.target.files?.[0] && imp.read(e.target.files[0], e.target.files[0].name)} aria-label="The weight file this link needs" />
        . Until then the panels show the seeded network.
        {imp.progress !== null && (
          <>
            {' '}
            <progress max={1} value={imp.progress} aria-label="Reading the weight file" />
          </>
        )}
      </p>
      {imp.error && (
        <p className="error" data-testid="missing-weights-error">
          {imp.error}
        </p>
      )}
      <button type="button" className="small" onClick={() => appStore.getState().clearImport()}>
        Use the seeded network
      </button>
    </div>
  );
}
