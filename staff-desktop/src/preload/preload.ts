// Sandboxed preload: it may import 'electron' and nothing else (esbuild bundles the rest in).
import { contextBridge, ipcRenderer } from 'electron';
import { appVersionFromArgv, exposeDesktopBridge } from './desktop-bridge.ts';

exposeDesktopBridge(contextBridge, ipcRenderer, appVersionFromArgv(process.argv));
