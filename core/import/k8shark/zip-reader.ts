import fs from 'node:fs';
import yauzl from 'yauzl';
import { K8sharkError } from './k8shark-error.js';

/**
 * Random access to the members of a ZIP file: the central directory is read once, each
 * member is inflated on demand. A capture of a few hours holds tens of thousands of
 * records (the 90 s sample: 349 members, 11 MB unpacked), so members are read one at a
 * time, never all at once.
 */
export interface ZipReader {
  has(name: string): boolean;
  names(): string[];
  read(name: string): Promise<Buffer>;
  close(): void;
}

/** age's public header: an encrypted .kshrk is one age envelope around the whole ZIP. */
const AGE_HEADER = 'age-encryption.org/v1\n';

export async function openZip(file: string): Promise<ZipReader> {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    head = Buffer.alloc(AGE_HEADER.length);
    fs.readSync(fd, head, 0, head.length, 0);
    fs.closeSync(fd);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new K8sharkError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a folder, not an archive' : (err as Error).message}`);
  }
  if (head.toString('latin1') === AGE_HEADER) {
    throw new K8sharkError(`${file}: an age-encrypted k8shark archive; decrypt it first (age --decrypt -i key.txt ${file} > plain.kshrk)`);
  }
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: false }, (err, z) => {
      if (err === null && z !== undefined) return resolve(z);
      // yauzl: "End of central directory record signature not found. Either not a zip file, or file is truncated."
      const why = /end of central directory/i.test(err?.message ?? '') ? 'no end of central directory record' : (err?.message ?? 'no data');
      reject(new K8sharkError(`${file}: not a ZIP archive, or a truncated one (${why})`));
    });
  });
  const entries = new Map<string, yauzl.Entry>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      if (!e.fileName.endsWith('/')) entries.set(e.fileName, e);
      zip.readEntry();
    });
    zip.once('end', () => resolve());
    zip.once('error', (err: Error) => reject(new K8sharkError(`${file}: corrupt ZIP directory (${err.message})`)));
    zip.readEntry();
  });
  return {
    has: (name) => entries.has(name),
    names: () => [...entries.keys()],
    read: (name) =>
      new Promise<Buffer>((resolve, reject) => {
        const entry = entries.get(name);
        if (entry === undefined) return reject(new Error(`no member ${name}`));
        zip.openReadStream(entry, (err, stream) => {
          if (err !== null || stream === undefined) return reject(err ?? new Error('no stream'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.once('error', reject);
          stream.once('end', () => resolve(Buffer.concat(chunks)));
        });
      }),
    close: () => zip.close(),
  };
}
