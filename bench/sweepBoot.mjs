// Entry of a bench worker thread: register tsx in this thread (Node 20 does not
// carry the parent's loader hooks into workers), then load the TypeScript worker.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
