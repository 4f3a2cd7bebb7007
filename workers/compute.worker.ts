/// <reference lib="webworker" />
// Worker entry: expose first, nothing before it (a call made before expose would hang).
import { expose } from 'comlink';
import { createComputeApi } from './compute.api';

expose(createComputeApi());
