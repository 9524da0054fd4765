"""Small file systems for DATA_DIR: a tmpfs of a fixed size (fills up for
real, ENOSPC) and an ext4 image on a loop device (can be forced read-only
under running writers, as the kernel does after an error with
errors=remount-ro). Root only; always unmounted, lazily if still busy."""
import errno
import os
import subprocess


def run(*args, check=True):
    done = subprocess.run(list(args), capture_output=True, text=True)
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited {done.returncode}: {done.stderr.strip()}")
    return done


def mount_tmpfs(path, size, read_only=False):
    path.mkdir(parents=True, exist_ok=True)
    options = f"size={size},mode=0700" + (",ro" if read_only else "")
    run("mount", "-t", "tmpfs", "-o", options, "gamenight-faults", str(path))


def remount(path, options):
    return run("mount", "-o", f"remount,{options}", str(path))


def mount_ext4_image(image, path, size_mb=64):
    """A fresh ext4 image mounted with errors=remount-ro (the usual /etc/fstab choice)."""
    with open(image, "wb") as f:
        f.truncate(size_mb * 1024 * 1024)
    run("mkfs.ext4", "-q", "-F", str(image))
    path.mkdir(parents=True, exist_ok=True)
    run("mount", "-o", "loop,errors=remount-ro", str(image), str(path))


def force_read_only(path):
    """What ext4 does by itself when it meets an error under
    errors=remount-ro: the file system turns read-only while files are open
    for writing (a plain `remount,ro` is refused with EBUSY then)."""
    run("mount", "-o", "remount,abort", str(path))


def unmount(path):
    if os.path.ismount(path):
        if run("umount", str(path), check=False).returncode != 0:
            run("umount", "-l", str(path), check=False)


def fill(path, name="filler"):
    """Writes a file until the file system says ENOSPC, then smaller and
    smaller pieces until not even 512 bytes fit; returns its path."""
    filler = path / name
    with open(filler, "wb", buffering=0) as f:
        for chunk in (1 << 20, 1 << 16, 1 << 12, 512):
            block = b"\0" * chunk
            while True:
                try:
                    f.write(block)
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
                    break
    return filler


def refuses_writes(path):
    """True when creating a file there fails with EROFS (an aborted ext4
    is read-only in its superblock; statvfs still shows the mount rw)."""
    try:
        with open(path / ".probe", "wb"):
            pass
    except OSError as error:
        return error.errno == errno.EROFS
    os.unlink(path / ".probe")
    return False
