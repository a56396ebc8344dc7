"""Is the database on a network share or in a cloud-sync folder? SQLite's locking and WAL assume a
local disk; sync clients copy half-written files and network file systems lose locks, both of which
corrupt databases. Pure detection: the OS facts (mounts, drive types) are injectable for tests.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath, PureWindowsPath

NETWORK_FS = {"nfs", "nfs4", "cifs", "smb", "smb2", "smbfs", "smb3", "sshfs", "afs", "9p", "davfs", "ncpfs",
              "glusterfs", "ceph"}
# Path components (case-insensitive) that sync clients create by default.
SYNC_FOLDERS: dict[str, str] = {
    "onedrive": "OneDrive",
    "nutstore": "坚果云",
    "我的坚果云": "坚果云",
    "坚果云": "坚果云",
    "baidunetdisk": "百度网盘",
    "baidusyncdisk": "百度网盘同步空间",
    "百度网盘": "百度网盘",
    "百度云同步盘": "百度网盘同步空间",
    "dropbox": "Dropbox",
    "icloud drive": "iCloud",
    "iclouddrive": "iCloud",
    "mobile documents": "iCloud",
    "wps云盘": "WPS云盘",
    "wpsdrive": "WPS云盘",
    "wps cloud files": "WPS云盘",
    "google drive": "Google Drive",
}
DRIVE_REMOTE = 4  # GetDriveTypeW


@dataclass(frozen=True)
class RiskyLocation:
    kind: str  # "network" | "sync"
    name: str  # e.g. "网络共享文件夹 (cifs)", "OneDrive"

    def warning(self, db_path: Path) -> str:
        where = "网络共享文件夹" if self.kind == "network" else f"{self.name} 同步文件夹"
        return (f"数据库文件位于{where}中：\n{db_path}\n\n"
                "SQLite 数据库放在网络盘或网盘同步文件夹里，可能因同步冲突或网络中断而损坏。"
                "建议把数据库放在本机磁盘（如 D 盘）上，用“立即备份”把备份文件复制到网盘保存。")


def _linux_mounts() -> list[tuple[str, str]]:
    """(mount point, fs type) from /proc/mounts; empty elsewhere."""
    try:
        text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    result = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            result.append((parts[1].replace("\\040", " "), parts[2]))
    return result


def _windows_drive_type(root: str) -> int:
    import ctypes

    return ctypes.windll.kernel32.GetDriveTypeW(root)  # type: ignore[attr-defined]


def _mount_of(path: PurePath, mounts: list[tuple[str, str]]) -> tuple[str, str] | None:
    text = str(path)
    best = None
    for point, fs in mounts:
        inside = text == point or text.startswith(point.rstrip("/") + "/") or point == "/"
        if inside and (best is None or len(point) > len(best[0])):
            best = (point, fs)
    return best


def risky_location(path: Path | str, *, platform: str | None = None,
                   mounts: Callable[[], list[tuple[str, str]]] = _linux_mounts,
                   drive_type: Callable[[str], int] = _windows_drive_type) -> RiskyLocation | None:
    """The reason the database at `path` is at risk, or None for a local, unsynced folder."""
    platform = platform or os.name
    pure: PurePath = PureWindowsPath(str(path)) if platform == "nt" else PurePath(os.path.abspath(path))
    if platform == "nt":
        if str(pure).startswith(("\\\\", "//")):
            return RiskyLocation("network", "网络共享文件夹")
        if pure.drive and len(pure.drive) == 2 and drive_type(pure.drive + "\\") == DRIVE_REMOTE:
            return RiskyLocation("network", f"网络驱动器 {pure.drive}")
    else:
        mount = _mount_of(pure, mounts())
        if mount and (mount[1] in NETWORK_FS or (mount[1].startswith("fuse.") and mount[1] != "fuse.portal")):
            return RiskyLocation("network", f"网络共享文件夹 ({mount[1]})")
    for part in pure.parts:
        lowered = part.lower()
        for marker, name in SYNC_FOLDERS.items():
            # "OneDrive - 某公司" and "Dropbox (Personal)" are sync roots too.
            if lowered == marker or lowered.startswith(marker + " ") or lowered.startswith(marker + "-"):
                return RiskyLocation("sync", name)
    return None
