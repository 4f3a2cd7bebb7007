/** A drop target for one file (weight files, CSV data): whether a file is over it, and its event handlers. */
import { useState, type DragEvent } from 'react';

export function useFileDrop(onFile: (f: File | undefined) => void): { over: boolean; handlers: { onDragOver(e: DragEvent): void; onDragLeave(): void; onDrop(e: DragEvent): void } } {
  const [over, setOver] = useState(false);
  return {
    over,
    handlers: {
      onDragOver(e) {
        e.preventDefault();
        setOver(true);
      },
      onDragLeave() {
        setOver(false);
      },
      onDrop(e) {
        e.preventDefault();
        setOver(false);
        onFile(e.dataTransfer.files[0]);
      },
    },
  };
}
