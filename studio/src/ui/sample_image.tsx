// One sample (values in [-1, 1], shape [height, width, channels]) drawn on a canvas, scaled up
// with crisp pixels.
import { useEffect, useRef } from 'preact/hooks';

interface Props {
  values: Float32Array;
  shape: number[];
  /** Screen pixels per sample pixel. */
  scale?: number;
  title?: string;
  /** What the image is, for those who cannot see the canvas (the title where not given). */
  label?: string;
  testId?: string;
}

export function SampleImage({ values, shape, scale = 4, title, label, testId }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [height, width, channels] = shape;
  useEffect(() => {
    const context = canvas.current!.getContext('2d')!;
    const image = context.createImageData(width, height);
    for (let p = 0; p < width * height; p++) {
      for (let c = 0; c < 3; c++) {
        const v = values[p * channels + (channels === 1 ? 0 : c)];
        image.data[p * 4 + c] = Math.round((Math.min(1, Math.max(-1, v)) + 1) * 127.5);
      }
      image.data[p * 4 + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }, [values, width, height, channels]);
  return <canvas ref={canvas} class="sample" width={width} height={height} title={title} data-testid={testId} role="img" aria-label={label ?? title ?? 'a generated image'}
    style={{ width: `${width * scale}px`, height: `${height * scale}px` }} />;
}
