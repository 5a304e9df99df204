// Preloaded into the measured server (`node --import ./bench/memory-probe.mjs dist/server.js`):
// on SIGUSR2 it writes what the process's memory is made of to $MEMORY_PROBE_OUT. It only records
// WebAssembly.Memory objects as they are created, so the process it measures stays the same.
import fs from "node:fs";
import v8 from "node:v8";

const memories = [];
const NativeMemory = WebAssembly.Memory;
WebAssembly.Memory = new Proxy(NativeMemory, {
  construct(target, args) {
    const memory = Reflect.construct(target, args);
    memories.push(memory);
    return memory;
  },
});

process.on("SIGUSR2", () => {
  const usage = process.memoryUsage();
  const heap = v8.getHeapStatistics();
  fs.writeFileSync(
    process.env.MEMORY_PROBE_OUT,
    JSON.stringify({
      rss: usage.rss,
      v8HeapTotal: usage.heapTotal,
      v8HeapUsed: usage.heapUsed,
      v8External: usage.external,
      arrayBuffers: usage.arrayBuffers,
      v8CodeAndMetadata: heap.total_available_size ? heap.used_global_handles_size + heap.malloced_memory : 0,
      wasmMemories: memories.map((memory) => memory.buffer.byteLength),
    }),
  );
});
