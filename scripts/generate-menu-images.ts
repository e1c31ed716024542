// Draws the demo menu's pictures into services/menu/seed/images/ (see that file for details).
import { generateMenuImages } from '../services/menu/seed/generate-images.ts';

for (const { file, bytes } of generateMenuImages()) console.log(`${file}\t${bytes} B`);
