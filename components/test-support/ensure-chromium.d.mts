/** Where the browser tests and bench/board.ts find Chromium (CHROMIUM_PATH, else Debian's). */
export declare const CHROMIUM: string;
