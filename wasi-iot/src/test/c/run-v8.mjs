// Runs a wasm32-wasi command under Node (V8) with node:wasi: node run-v8.mjs MODULE.wasm (used by build.sh).
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
const wasi = new WASI({ version: 'preview1', args: ['simd_ops'], env: {} });
const module = await WebAssembly.compile(readFileSync(process.argv[2]));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
