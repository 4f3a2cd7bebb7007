/** A QR code of a link, as crisp SVG (black on white whatever the theme). */
import { useMemo } from 'react';
import { qrModules } from './qr';

export function QrCode({ text, size, label }: { text: string; size: number; label?: string }) {
  const qr = useMemo(() => qrModules(text), [text]);
  if (!qr) return <p className="error">This link is too long for a QR code ({text.length} characters); share it as text.</p>;
  const n = qr.count + 8; // 4 modules of quiet zone on each side
  let d = '';
  for (let r = 0; r < qr.count; r++)
    for (let c = 0; c < qr.count; c++) if (qr.dark[r * qr.count + c]) d += `M${c + 4} ${r + 4}h1v1h-1z`;
  return (
    <svg className="qr" width={size} height={size} viewBox={`0 0 ${n} ${n}`} role="img" aria-label={label ?? 'QR code of the link'} data-testid="qr" shapeRendering="crispEdges">
      <rect width={n} height={n} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
