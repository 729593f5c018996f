// web-test-runner's mocha puts these on the test page as globals (BDD style). @types/mocha is
// not a dependency; these are the only ones the browser tests use.
declare function describe(title: string, body: () => void): void;
declare function it(title: string, body: () => void | Promise<unknown>): void;
declare function before(body: () => void | Promise<unknown>): void;
declare function after(body: () => void | Promise<unknown>): void;
