import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The console: built into web/dist and served by the server at /console/ (src/core/http/console.ts).
 * React gets its own long-lived chunk; antd is left to the automatic splitting so that components
 * used only by one feature page travel with that page's lazy chunk (src/app/ConsoleApp.tsx).
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 20,
            },
          ],
        },
      },
    },
  },
});
