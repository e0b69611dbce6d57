// Worker-thread entry of the plugin inspector (bundled to dist/pluginWorker.js). It reads binaries
// with jco's wasm-tools and its own parsers and never instantiates or runs plugin code. It lives in
// a thread because a wasm-tools panic poisons its instance for the thread (and, with a broken
// runtime copy, can block it forever): the host terminates and replaces this worker instead.

import { parentPort, workerData } from 'node:worker_threads';
import { MAX_ARTIFACT_BYTES } from './limits';
import { analyzeWasm, isWasmToolsPanic } from './wasm/analyze';
import { JcoWasmTools, loadWasmTools, resolveWasmToolsLocation } from './wasmTools';
import type { SelfCheckResult, WorkerInit, WorkerRequest, WorkerResponse } from './workerProtocol';

const init = (workerData ?? {}) as WorkerInit;
let tools: Promise<JcoWasmTools> | undefined;
let location: ReturnType<typeof resolveWasmToolsLocation> | undefined;

function getTools(): Promise<JcoWasmTools> {
  if (!tools) {
    location = resolveWasmToolsLocation(init.wasmToolsPath);
    tools = loadWasmTools(location.path);
  }
  return tools;
}

async function selfCheck(panic: boolean): Promise<{ result: SelfCheckResult; poisoned: boolean }> {
  const t0 = Date.now();
  const wt = await getTools();
  const empty = await wt.parse('(component)');
  const wit = await wt.componentWit(empty);
  const result: SelfCheckResult = {
    runtime: location!,
    decodeOk: /world\s+root/.test(wit),
    engine: { node: process.versions.node, v8: process.versions.v8 },
    elapsedMs: 0,
  };
  let poisoned = false;
  if (panic) {
    const core = await wt.parse('(module)');
    try {
      await wt.componentEmbed({ binary: core, witPath: '/nonexistent-yoi-inspector-wit-dir', world: 'root' });
      result.panicSurfaced = false;
    } catch (e) {
      result.panicSurfaced = isWasmToolsPanic(e);
      result.panicMessage = e instanceof Error ? e.message : String(e);
      poisoned = result.panicSurfaced;
    }
  }
  result.elapsedMs = Date.now() - t0;
  return { result, poisoned };
}

async function handle(req: WorkerRequest): Promise<WorkerResponse> {
  try {
    if (req.op === 'analyze') {
      if (req.bytes.length > MAX_ARTIFACT_BYTES) {
        return { id: req.id, ok: false, error: `input exceeds ${MAX_ARTIFACT_BYTES} bytes`, poisoned: false };
      }
      const facts = await analyzeWasm(req.bytes, getTools);
      return { id: req.id, ok: true, op: 'analyze', result: facts, poisoned: facts.toolErrors.some((t) => t.panicked) };
    }
    const { result, poisoned } = await selfCheck(req.panic);
    return { id: req.id, ok: true, op: 'selfCheck', result, poisoned };
  } catch (e) {
    return { id: req.id, ok: false, error: e instanceof Error ? e.message : String(e), poisoned: isWasmToolsPanic(e) };
  }
}

parentPort?.on('message', (req: WorkerRequest) => {
  void handle(req).then((res) => parentPort!.postMessage(res));
});
