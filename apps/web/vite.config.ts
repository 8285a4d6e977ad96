import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// base './': the built files work from any path (pymm serve serves them at /).
export default defineConfig({
  plugins: [react()],
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});
