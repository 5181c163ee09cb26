// Builds the studio app into studio/dist, which `ganforge studio` serves (npm run build:studio;
// npm ci runs it through the prepare script).
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // TensorFlow.js and Vega are large: each goes into a chunk of its own, loaded by the pages that use it.
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'vega', test: /node_modules[\\/]vega/ },
            { name: 'tfjs', test: /node_modules[\\/]@tensorflow/ },
          ],
        },
      },
      onLog(level, log, handler) {
        // src/text/tokenizer.ts imports node:fs for reading and writing vocabulary files, which
        // the browser never calls: Vite's empty stand-in is what it should get.
        if (/Module "node:(fs|path)" has been externalized/.test(log.message)) return;
        handler(level, log);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
});
