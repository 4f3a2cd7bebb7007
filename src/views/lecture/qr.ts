/** The modules of a QR code (byte mode, error correction L: the densest, for long links). */
import qrcode from 'qrcode-generator';

export interface QrModules {
  count: number;
  /** Row-major, 1 = dark. */
  dark: Uint8Array;
}

export function qrModules(text: string): QrModules | null {
  try {
    const qr = qrcode(0, 'L');
    qr.addData(text, 'Byte');
    qr.make();
    const count = qr.getModuleCount();
    const dark = new Uint8Array(count * count);
    for (let r = 0; r < count; r++) for (let c = 0; c < count; c++) dark[r * count + c] = qr.isDark(r, c) ? 1 : 0;
    return { count, dark };
  } catch {
    return null; // longer than a version-40 code holds
  }
}
