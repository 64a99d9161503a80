import type * as vscode from 'vscode';
import type { ExperimentEditorSupport } from '../experiments/experimentEditorSupport';
import type { ExperimentsTree, FlukeTreeNode } from '../experiments/experimentsTree';
import type { RunLogChannels } from '../runs/runLogChannels';
import type { RunManager } from '../runs/runManager';
import type { ServeClient } from '../serve/serveClient';
import type { FlukeSettings } from '../settings';

/** What the command handlers work with, made once at activation. */
export interface CommandServices {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  serve: ServeClient;
  manager: RunManager;
  tree: ExperimentsTree;
  treeView: vscode.TreeView<FlukeTreeNode>;
  logChannels: RunLogChannels;
  editorSupport: ExperimentEditorSupport;
  settings(): FlukeSettings;
  /** dist/cli.js of this extension. */
  cliPath: string;
}
