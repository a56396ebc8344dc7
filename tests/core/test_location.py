"""Network-share and cloud-sync detection, with the OS facts injected."""

from __future__ import annotations

import pytest

from dangjian.core.common.location import risky_location

LINUX_MOUNTS = [("/", "ext4"), ("/mnt/share", "cifs"), ("/mnt/nfs", "nfs4"), ("/home/u/remote", "fuse.sshfs"),
                ("/run/user/1000/doc", "fuse.portal"), ("/mnt/usb", "vfat")]


def linux(path):
    return risky_location(path, platform="posix", mounts=lambda: LINUX_MOUNTS)


def windows(path, remote_drives=("Z:",)):
    return risky_location(path, platform="nt", drive_type=lambda root: 4 if root[:2] in remote_drives else 3)


@pytest.mark.parametrize("path", ["/mnt/share/党建/dangjian.db", "/mnt/nfs/x.db", "/home/u/remote/x.db"])
def test_linux_network_file_systems(path):
    found = linux(path)
    assert found is not None and found.kind == "network"


@pytest.mark.parametrize("path", ["/home/u/dangjian.db", "/mnt/usb/dangjian.db", "/mnt/sharex/x.db",
                                  "/run/user/1000/doc/x.db"])
def test_linux_local_paths(path):
    assert linux(path) is None


def test_windows_unc_and_mapped_drive():
    assert windows(r"\\server\党建\dangjian.db").kind == "network"
    assert windows(r"Z:\党建\dangjian.db").name == "网络驱动器 Z:"
    assert windows(r"D:\党建\dangjian.db") is None


@pytest.mark.parametrize(("path", "name"), [
    (r"C:\Users\张三\OneDrive\文档\dangjian.db", "OneDrive"),
    (r"C:\Users\张三\OneDrive - 湘龙街道\dangjian.db", "OneDrive"),
    (r"C:\Users\张三\Nutstore\dangjian.db", "坚果云"),
    (r"D:\我的坚果云\dangjian.db", "坚果云"),
    (r"D:\BaiduSyncdisk\党建\dangjian.db", "百度网盘同步空间"),
    (r"D:\BaiduNetdisk\dangjian.db", "百度网盘"),
    (r"C:\Users\张三\Dropbox (Personal)\dangjian.db", "Dropbox"),
    (r"C:\Users\张三\iCloudDrive\dangjian.db", "iCloud"),
    (r"C:\Users\张三\WPS云盘\dangjian.db", "WPS云盘"),
])
def test_sync_folders(path, name):
    found = windows(path)
    assert found is not None and found.kind == "sync" and found.name == name


def test_sync_folder_on_linux_and_mac():
    found = linux("/home/u/Library/Mobile Documents/com~apple~CloudDocs/x.db")
    assert found.name == "iCloud"
    assert linux("/home/u/Dropbox/dangjian.db").name == "Dropbox"
    assert linux("/home/u/onedrive-notes/x.db") is not None  # "onedrive-…" sync root


def test_warning_text_is_chinese_and_names_the_path():
    found = windows(r"C:\Users\张三\OneDrive\dangjian.db")
    text = found.warning(r"C:\Users\张三\OneDrive\dangjian.db")
    assert "OneDrive 同步文件夹" in text and "可能" in text and "本机磁盘" in text
