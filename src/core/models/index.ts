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
export { quote } from './weightFields';
