import { PNG } from 'pngjs';
import { PngWorker } from '../../server/features/qr/png-worker';

const options = { errorCorrectionLevel: 'M', margin: 2, width: 120 };

describe('PngWorker', () => {
  it('fails what it was drawing when closed, and draws again on a new thread after', async () => {
    const worker = new PngWorker();
    try {
      expect(PNG.sync.read(await worker.render('https://id.gs1.org/01/09520000000017', options)).width).toBe(120);
      const drawing = worker.render('https://id.gs1.org/01/09520000000017/10/BIG', { ...options, width: 1024 });
      await worker.close();
      await expect(drawing).rejects.toThrow('the QR worker was closed');
      expect(PNG.sync.read(await worker.render('https://id.gs1.org/01/09520000000024', options)).width).toBe(120);
    } finally {
      await worker.close();
    }
  });

  it('closes without ever having started a thread', async () => {
    await expect(new PngWorker().close()).resolves.toBeUndefined();
  });
});
