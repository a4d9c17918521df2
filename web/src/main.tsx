import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'antd/dist/reset.css';
import { ConsoleApp } from './app/ConsoleApp.tsx';
import { cspNonce, nonceScriptStyles } from './lib/csp.ts';

const nonce = cspNonce();
if (nonce) nonceScriptStyles(nonce);

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <ConsoleApp />
  </StrictMode>,
);
