/** The models of the lab: the registry and what its modules share. */
export * from './types';
export * from './registry';
export * from './laws';
export * from './activations';
export { NetMap, drawNet1d, scaleNet1d, net1dZScores, netPieces } from './net1d';
export { LogisticMap } from './logistic';
export { TentMap, tentPieces } from './tent';
export { RnnMap, drawRnn, seededVectors, WL_LABELS, type RnnWeights } from './rnn';
export { PlrnnMap, drawPlrnn, type PlrnnWeights } from './plrnn';
export { HenonMap } from './henon';
export { GatedMap, drawGated, gatedMap, gatedNumpy, gatedDimension, gatedFromModule, importedGated, GATED_UNITS, type GatedKind, type GatedWeights, type GatedLayerWeights } from './gated';
export { GruCell, GRU_SPEC } from './gru';
export { LstmCell, LSTM_SPEC } from './lstm';
export { ElmanCell, ELMAN_SPEC } from './elman';
export { quote } from './weightFields';
