// A language client for `sdrs-lint server` (SPEC §11): it starts the
// command on standard input and output for JSON documents and leaves every
// decision to the server (which documents are requests, what is wrong,
// which fixes are safe). Plain JavaScript: nothing to build before
// `npm run package`.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function start() {
  const settings = vscode.workspace.getConfiguration('sdrs-lint');
  const command = settings.get('path') || 'sdrs-lint';
  const options = settings.get('options') || {};
  const serverOptions = { command, args: ['server'], transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'jsonc' },
      { scheme: 'untitled', language: 'json' },
    ],
    // The server reads the nearest sdrs-lint.json itself; these go over it.
    initializationOptions: Object.keys(options).length > 0 ? options : undefined,
  };
  client = new LanguageClient('sdrs-lint', 'sdrs-lint', serverOptions, clientOptions);
  return client.start();
}

async function activate(context) {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('sdrs-lint')) {
        if (client) await client.stop();
        await start();
      }
    }),
  );
  await start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
