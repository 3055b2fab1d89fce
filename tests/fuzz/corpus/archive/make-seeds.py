#!/usr/bin/env python3
"""Writes the archive fuzzer's seeds: tiny archives of the shapes the importer unpacks (a zip, a
zip inside a zip, a gzipped log, a tar.gz, bzip2 and xz tars) holding a few lines of the text
fixtures. Run it here after changing it; the outputs are committed (each well under 1 KiB)."""
import bz2
import gzip
import io
import lzma
import pathlib
import tarfile
import zipfile

HERE = pathlib.Path(__file__).parent
DATA = HERE.parents[2] / "data" / "ingest" / "text"
ETL = b"".join((DATA / "etl-python-logging.log").read_bytes().splitlines(keepends=True)[:4])
NGINX = (DATA / "nginx-access.log").read_bytes()
STAMP = (2026, 6, 18, 2, 0, 0)


def zip_bytes(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            z.writestr(zipfile.ZipInfo(name, STAMP), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def tar_bytes(members):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 1781748000
            t.addfile(info, io.BytesIO(data))
    return out.getvalue()


def write(name, data):
    (HERE / name).write_bytes(data)


logs = [("nightly/etl.log", ETL), ("web/access.log", NGINX)]
write("logs-zip", zip_bytes(logs))
write("zip-in-zip", zip_bytes([("host-1.zip", zip_bytes(logs[:1])), ("notes/access.log", NGINX)]))
write("etl-log-gz", gzip.compress(ETL, mtime=0))
write("logs-tar-gz", gzip.compress(tar_bytes(logs), mtime=0))
write("logs-tar-bz2", bz2.compress(tar_bytes(logs)))
write("logs-tar-xz", lzma.compress(tar_bytes(logs)))
