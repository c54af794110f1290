/**
 * Executes a notebook (nbformat 4) in a {@link Kernel}, cell by cell, and records the outputs as
 * Jupyter's own executor (nbclient) does: streams, display data (with later updates of a display
 * id applied to every output that shows it), execute results, errors; the kernel's language_info
 * in the notebook's metadata. Stops at the first cell that fails.
 */
import type { JsonObject, Kernel, KernelMessage } from './kernel';

/** A notebook as parsed JSON. */
export interface Notebook {
  cells: JsonObject[];
  metadata: JsonObject;
  [key: string]: unknown;
}

/** Progress callbacks: which cell starts, and the text its outputs print (for a terminal). */
export interface RunCallbacks {
  onCellStart?: (index: number, codeCells: number, position: number) => void;
  onStream?: (text: string) => void;
  /** A display's data, when shown and each time it is updated (live training progress is one). */
  onDisplay?: (data: JsonObject) => void;
}

/** The cell that failed: its index in the notebook, and the kernel's error (if it sent one). */
export class CellFailure extends Error {
  constructor(readonly cellIndex: number, readonly ename: string, readonly evalue: string) {
    super(`cell ${cellIndex + 1} failed: ${ename}${evalue ? `: ${evalue}` : ''}`);
  }
}

function source(cell: JsonObject): string {
  const value = cell['source'];
  return Array.isArray(value) ? value.join('') : typeof value === 'string' ? value : '';
}

/** The output an iopub message adds to a cell (nbformat 4), or undefined for one that adds none. */
export function outputFromMessage(message: KernelMessage): JsonObject | undefined {
  const { msgType, content } = message;
  switch (msgType) {
    case 'stream':
      return { output_type: 'stream', name: content['name'], text: content['text'] };
    case 'display_data':
      return { output_type: 'display_data', data: content['data'] ?? {}, metadata: content['metadata'] ?? {} };
    case 'execute_result':
      return { output_type: 'execute_result', data: content['data'] ?? {}, metadata: content['metadata'] ?? {}, execution_count: content['execution_count'] ?? null };
    case 'error':
      return { output_type: 'error', ename: content['ename'], evalue: content['evalue'], traceback: content['traceback'] ?? [] };
    default:
      return undefined;
  }
}

/**
 * Consecutive outputs of one stream merged into one, and a line's text before a carriage return
 * dropped: what `jupyter nbconvert --execute` writes (its `coalesce_streams` preprocessor).
 */
export function coalesceStreams(outputs: readonly JsonObject[]): JsonObject[] {
  const merged: JsonObject[] = [];
  for (const output of outputs) {
    const last = merged.at(-1);
    if (last && output['output_type'] === 'stream' && last['output_type'] === 'stream' && last['name'] === output['name']) {
      last['text'] = String(last['text']) + String(output['text']);
    } else {
      // Streams are copied (merging changes them); other outputs stay the same objects, which a
      // later update of their display id changes in place.
      merged.push(output['output_type'] === 'stream' ? { ...output } : output);
    }
  }
  for (const output of merged) {
    if (output['output_type'] === 'stream' && String(output['text']).includes('\r')) output['text'] = String(output['text']).replace(/.*\r(?=[^\n])/g, '');
  }
  return merged;
}

/**
 * Runs every code cell of `notebook` in order (outputs and execution counts replaced), in place.
 *
 * @throws CellFailure at the first cell whose execution fails (the notebook then holds the outputs
 *   up to and including that cell); Error when the kernel dies or a cell runs past `cellTimeoutMs`.
 */
export async function runNotebook(kernel: Kernel, notebook: Notebook, cellTimeoutMs: number, callbacks: RunCallbacks = {}): Promise<void> {
  notebook.metadata['language_info'] = await kernel.languageInfo();
  const codeCells = notebook.cells.filter((cell) => cell['cell_type'] === 'code').length;
  // Outputs showing each display id, across cells: an update replaces them all (as nbclient does).
  const displays = new Map<string, JsonObject[]>();
  let position = 0;
  for (const [index, cell] of notebook.cells.entries()) {
    if (cell['cell_type'] !== 'code') continue;
    position += 1;
    callbacks.onCellStart?.(index, codeCells, position);
    const outputs: JsonObject[] = [];
    cell['outputs'] = outputs;
    cell['execution_count'] = null;
    let failure: { ename: string; evalue: string } | undefined;
    const reply = await kernel.execute(source(cell), (message) => {
      const { msgType, content } = message;
      if (msgType === 'execute_input') {
        cell['execution_count'] = content['execution_count'] ?? null;
        return;
      }
      if (msgType === 'clear_output') {
        outputs.length = 0;
        return;
      }
      // As nbclient: a message with a display id first updates every output already showing it.
      const id = (content['transient'] as { display_id?: string } | undefined)?.display_id;
      if (id !== undefined && ['display_data', 'execute_result', 'update_display_data'].includes(msgType)) {
        for (const shown of displays.get(id) ?? []) {
          shown['data'] = content['data'] ?? {};
          shown['metadata'] = content['metadata'] ?? {};
        }
      }
      if (['display_data', 'update_display_data'].includes(msgType)) callbacks.onDisplay?.((content['data'] ?? {}) as JsonObject);
      if (msgType === 'update_display_data') return;
      const output = outputFromMessage(message);
      if (output === undefined) return;
      if (msgType === 'stream') callbacks.onStream?.(String(content['text'] ?? ''));
      if (msgType === 'error') failure = { ename: String(content['ename'] ?? ''), evalue: String(content['evalue'] ?? '') };
      if (msgType === 'execute_result') cell['execution_count'] = content['execution_count'] ?? cell['execution_count'] ?? null;
      if (id !== undefined) displays.set(id, [...(displays.get(id) ?? []), output]);
      outputs.push(output);
    }, cellTimeoutMs);
    cell['outputs'] = coalesceStreams(outputs);
    if (reply['execution_count'] !== undefined) cell['execution_count'] = reply['execution_count'];
    if (reply['status'] !== 'ok') {
      throw new CellFailure(index, failure?.ename ?? String(reply['ename'] ?? ''), failure?.evalue ?? String(reply['evalue'] ?? ''));
    }
  }
}
