/**
 * `npm run sweep … | head -3`: once the reader of the output has gone, writing to stdout fails
 * with EPIPE. Unhandled, that is a stack trace on stderr; `head` users expect the command to stop
 * quietly and successfully instead, as the classic Unix tools do on SIGPIPE.
 */

let installed = false;

/**
 * Makes the process stop its work and exit with status 0, printing nothing, when stdout is
 * closed by its reader (EPIPE). `process.exit` runs the 'exit' handlers, so a kernel started by
 * the process is stopped with it. Installed once; every command calls it through `cliCommand`.
 */
export function exitQuietlyWhenStdoutCloses(): void {
  if (installed) return;
  installed = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}
