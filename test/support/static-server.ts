// Fixture pages are served by the same loopback server `leaks browser --demo` uses.
export { serveFolder as serveDirectory, type StaticServer } from '../../src/cli/launch-demo-server.ts';
