"""Execute notebooks (nbclient) in one shared kernel, with papermill-style parameters.

* :class:`KernelSession` starts ONE ipykernel (IPC transport: no TCP port, so no "kernel over
  TCP without encryption" warning) and runs several notebooks in it; the user namespace is
  reset (``%reset -f``) before each notebook, so a notebook cannot lean on another's variables,
  while the imported modules (pandas, statsmodels, matplotlib) stay loaded — the slow part.
* :func:`inject_parameters` follows the papermill convention: the values are written in a new
  cell tagged ``injected-parameters`` right after the cell tagged ``parameters``.
* :func:`execute_notebook` runs one notebook (in a session, or in a kernel of its own) and
  raises :class:`NotebookError` naming the notebook and the failing cell.
"""

from __future__ import annotations

import functools
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from cnil_sanctions.errors import CnilSanctionsError

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = [
    "CELL_TIMEOUT",
    "KernelSession",
    "NotebookError",
    "execute_notebook",
    "inject_parameters",
    "write_html",
]

#: Seconds a single notebook cell may run.
CELL_TIMEOUT = 120
#: Seconds the kernel may take to answer its first request once started.
KERNEL_READY_TIMEOUT = 60
KERNEL_NAME = "python3"
PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class NotebookError(CnilSanctionsError):
    """A notebook failed to execute (the message names the notebook and the failing cell)."""


def _nbformat() -> Any:
    """nbformat, or a NotebookError saying which extra to install (the core install lacks it)."""
    try:
        import nbformat
    except ModuleNotFoundError as exc:
        raise NotebookError(
            f"executing notebooks needs the 'notebooks' extra ({exc.name} is missing): "
            "pip install 'cnil-sanctions[notebooks]', or run `cnil-sanctions report --no-notebooks`"
        ) from exc
    return nbformat


def inject_parameters(nb: NotebookNode, parameters: Mapping[str, Any], name: str = "") -> None:
    """Insert ``name = value`` lines (``repr`` of each value) after the ``parameters`` cell.

    The new cell is tagged ``injected-parameters`` (papermill's convention). NotebookError when
    the notebook has no cell tagged ``parameters`` or a value is not a plain literal.
    """
    index = next(
        (
            i
            for i, c in enumerate(nb.cells)
            if PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])
        ),
        None,
    )
    if index is None:
        raise NotebookError(f"{name or 'notebook'}: no cell tagged {PARAMETERS_TAG!r}")
    lines = ["# Injected parameters"]
    for key, value in parameters.items():
        if not key.isidentifier():
            raise NotebookError(f"{name or 'notebook'}: parameter {key!r} is not a Python name")
        if not isinstance(value, str | int | float | bool | list | tuple | type(None)):
            raise NotebookError(
                f"{name or 'notebook'}: parameter {key} = {value!r} is not a literal"
            )
        lines.append(f"{key} = {value!r}")
    cell = _nbformat().v4.new_code_cell("\n".join(lines), metadata={"tags": [INJECTED_TAG]})
    nb.cells.insert(index + 1, cell)


def _failing_cell(nb: NotebookNode) -> int | None:
    for i, c in enumerate(nb.cells):
        if any(o.get("output_type") == "error" for o in c.get("outputs", [])):
            return i
    return None


class KernelSession:
    """One kernel for several notebooks (context manager); ``run`` executes one notebook."""

    def __init__(self, cwd: Path | None = None, timeout: int = CELL_TIMEOUT) -> None:
        self.cwd = Path(cwd) if cwd is not None else None
        self.timeout = timeout
        self._km: Any = None
        self._kc: Any = None
        self._runtime: tempfile.TemporaryDirectory[str] | None = None

    def __enter__(self) -> KernelSession:
        from jupyter_client.manager import AsyncKernelManager
        from nbclient.util import run_sync

        # IPC sockets live in a short private folder (a Unix socket path has a length limit)
        self._runtime = tempfile.TemporaryDirectory(prefix="cnil-kernel-")
        km = AsyncKernelManager(kernel_name=KERNEL_NAME, transport="ipc")
        km.connection_file = str(Path(self._runtime.name) / "kernel.json")
        km.ip = str(Path(self._runtime.name) / "k")
        kwargs = {"cwd": str(self.cwd)} if self.cwd is not None else {}
        run_sync(km.start_kernel)(**kwargs)
        self._km = km
        ready = False
        try:
            # one client for every notebook: a new client waits for the kernel to answer and
            # then drains its output channel with a 0.2 s timeout, twice per notebook
            self._kc = km.client()
            self._kc.start_channels()
            run_sync(self._kc.wait_for_ready)(timeout=KERNEL_READY_TIMEOUT)
            self._kc.allow_stdin = False
            ready = True
        finally:
            if not ready:  # no `with` block will run: stop the kernel started above
                self.__exit__(None, None, None)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        from nbclient.util import run_sync

        if self._kc is not None:
            self._kc.stop_channels()
            self._kc = None
        if self._km is not None:
            run_sync(self._km.shutdown_kernel)(now=True)
            self._km = None
        if self._runtime is not None:
            self._runtime.cleanup()
            self._runtime = None

    def _client(self, nb: NotebookNode, path: Path) -> Any:
        from nbclient import NotebookClient

        client = NotebookClient(
            nb,
            km=self._km,
            timeout=self.timeout,
            kernel_name=KERNEL_NAME,
            resources={"metadata": {"path": str(path.parent)}},
        )
        client.kc = self._kc  # the session's client: nbclient then starts none of its own
        return client

    def run(self, path: Path, parameters: Mapping[str, Any] | None = None) -> NotebookNode:
        """Execute the notebook at ``path`` (fresh namespace) and return it, outputs filled."""
        from nbclient.exceptions import CellExecutionError, CellTimeoutError

        if self._km is None:
            raise RuntimeError("KernelSession.run outside its `with` block")
        path = Path(path)
        if not path.exists():
            raise NotebookError(f"{path}: notebook not found")
        nb = _nbformat().read(path, as_version=4)
        if parameters:
            inject_parameters(nb, parameters, str(path))
        nbf = _nbformat()
        reset = nbf.v4.new_notebook(cells=[nbf.v4.new_code_cell("%reset -f")])
        self._client(reset, path).execute()
        try:
            self._client(nb, path).execute()
        except CellExecutionError as exc:
            cell = _failing_cell(nb)
            where = f"cell {cell}" if cell is not None else "a cell"
            raise NotebookError(
                f"{path}: {where} failed: {exc.ename}: {_ANSI.sub('', str(exc.evalue))}"
            ) from exc
        except CellTimeoutError as exc:
            raise NotebookError(f"{path}: a cell ran longer than {self.timeout} s") from exc
        return nb


def execute_notebook(
    path: Path,
    timeout: int = CELL_TIMEOUT,
    parameters: Mapping[str, Any] | None = None,
    session: KernelSession | None = None,
) -> NotebookNode:
    """Execute the notebook at ``path`` (working directory: its folder) and return it.

    In ``session`` when given, else in a kernel of its own. Raises :class:`NotebookError`
    naming the notebook and the error of the failing cell.
    """
    path = Path(path)
    if session is not None:
        return session.run(path, parameters)
    if not path.exists():
        raise NotebookError(f"{path}: notebook not found")
    with KernelSession(cwd=path.parent, timeout=timeout) as own:
        return own.run(path, parameters)


@functools.cache
def _html_exporter() -> Any:
    """One nbconvert HTML exporter per process (its templates are loaded once, not per page)."""
    from nbconvert import HTMLExporter

    return HTMLExporter()


def write_html(nb: NotebookNode, path: Path) -> Path:
    """Convert an executed notebook to a standalone HTML page at ``path``."""
    body, _ = _html_exporter().from_notebook_node(nb)
    Path(path).write_text(body, encoding="utf-8")
    return Path(path)
