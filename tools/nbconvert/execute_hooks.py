# nbconvert config file that `tools/nbconvert.ts` (npm run start:jupyter) passes as
#   jupyter nbconvert --config=tools/nbconvert/execute_hooks.py --to notebook --execute ...
# (run by Jupyter's own Python; nothing else imports it).
#
# When a cell fails, nbconvert stops and writes nothing, and tslab's error reply carries no
# message (the error is only in the cell's stderr output). nbclient's on_cell_error hook
# therefore saves the notebook as executed so far, with the failed cell's index, to the file
# named by AE_JUPYTER_FAILURE_FILE; nbconvert.ts reads it and prints one line naming the cell.
#
# Progress: a line "@@ae-jupyter cell-start <index> <cell count>" on stderr before each code cell runs.
import json
import os
import sys

_state = {}


def _on_notebook_start(notebook, **_):
    _state["notebook"] = notebook


def _on_cell_execute(cell, cell_index, **_):
    total = len(_state["notebook"].cells) if "notebook" in _state else 0
    print("@@ae-jupyter cell-start %d %d" % (cell_index, total), file=sys.stderr, flush=True)


def _on_cell_error(cell, cell_index, execute_reply, **_):
    path = os.environ.get("AE_JUPYTER_FAILURE_FILE")
    if not path:
        return
    reply = (execute_reply or {}).get("content", {})
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"failedCell": cell_index, "reply": reply, "notebook": _state.get("notebook")}, f, default=str)


c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
c.ExecutePreprocessor.on_notebook_start = _on_notebook_start
c.ExecutePreprocessor.on_cell_execute = _on_cell_execute
c.ExecutePreprocessor.on_cell_error = _on_cell_error
