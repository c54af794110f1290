/**
 * The editions a run publishes: after the English notebooks changed (executed, or exported as they
 * are), the Korean edition is written again from them (its code cells and outputs are theirs) and
 * both are exported to HTML. A Korean edition whose translations are not up to date is neither
 * written nor exported, and a note says so: the English run does not wait on a translator.
 */
import { count } from './cli';
import { exportNotebooks, koreanNotebookDir } from './export-html';
import { syncNotebookFolder } from './notebooks';
import { KOREAN_EDITION, koreanEdition } from './translate';

/** Writes the Korean notebooks of `notebooks` (when their translations allow) and exports both editions. */
export function publishEditions(root: string, notebooks: readonly string[]): void {
  const { files, problems } = koreanEdition(root, notebooks);
  if (problems.length > 0) {
    console.log(`note: the Korean edition is not updated or exported: ${count(problems.length, 'translation problem')} ('npm run translate -- --check' lists them)`);
  } else {
    syncNotebookFolder(root, koreanNotebookDir(root), files, { ...KOREAN_EDITION, prune: false }, false);
  }
  exportNotebooks(root, notebooks, { korean: problems.length === 0 });
}
