/**
 * Uploading a file to the API with progress. fetch() cannot report upload progress, so this one
 * call uses XMLHttpRequest: same origin, the session cookie goes along, the CSRF token is set
 * like every other state-changing request. The answer is read as the API's JSON or problem.
 */
import { ApiProblem, type ProblemDoc } from './client';

export interface UploadProgress {
  /** Bytes sent so far and in all. */
  sent: number;
  total: number;
  /** `uploading` while bytes go out; `processing` once all are sent and the API is reading them. */
  phase: 'uploading' | 'processing';
}

export function uploadWithProgress<T>(opts: { url: string; body: Blob; contentType: string; csrfToken: string | null; onProgress: (p: UploadProgress) => void }): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', opts.url);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Content-Type', opts.contentType);
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    if (opts.csrfToken) xhr.setRequestHeader('X-CSRF-Token', opts.csrfToken);
    xhr.upload.onprogress = (e) => opts.onProgress({ sent: e.loaded, total: e.lengthComputable ? e.total : opts.body.size, phase: 'uploading' });
    xhr.upload.onload = () => opts.onProgress({ sent: opts.body.size, total: opts.body.size, phase: 'processing' });
    xhr.onerror = () => reject(new Error('the upload did not reach the server'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = xhr.responseText;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      const problem: ProblemDoc =
        typeof body === 'object' && body !== null && 'title' in body
          ? (body as ProblemDoc)
          : { type: 'about:blank', title: `HTTP ${xhr.status}`, status: xhr.status, detail: typeof body === 'string' ? body : '' };
      reject(new ApiProblem(xhr.status, problem));
    };
    xhr.send(opts.body);
  });
}
