/**
 * `rws lsp --stdio`: the server on stdin/stdout. Nothing else may write to stdout (it carries the protocol),
 * so console output goes to stderr.
 */
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer } from './server.ts';

export function runStdioServer(): void {
  console.log = console.error;
  console.info = console.error;
  const connection = createConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  startServer(connection);
}
