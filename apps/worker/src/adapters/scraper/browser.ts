// The browser lookup alone, for doctor, tests and bench: importing it starts nothing.
export { BROWSER_SOURCES, describeBrowser, doctorBrowserCheck, findBrowser, findBrowserOnce, type BrowserLookup, type BrowserSource } from './find-browser.ts';
export { LAUNCH_ARGS } from './browser-pool.ts';
