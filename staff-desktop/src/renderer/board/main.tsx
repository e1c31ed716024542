import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@canteen/ui/tokens.css';
import '@canteen/ui/kitchen.css';
import { Board } from './Board.tsx';
import './board.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Board />
  </StrictMode>,
);
