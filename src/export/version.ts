/** The app's version (package.json), injected by Vite's `define`; "dev" where it is not (tsx, CLI). */
declare const __APP_VERSION__: string | undefined;

export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'dev';
export const APP_NAME = 'RNN Chaos Lab';
