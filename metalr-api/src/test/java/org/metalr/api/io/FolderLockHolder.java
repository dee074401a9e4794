package org.metalr.api.io;

import java.nio.file.Path;

/** A child process for {@link FolderLockTest}: locks the folder given, says so, and waits to be killed. */
public final class FolderLockHolder {

    private FolderLockHolder() {}

    public static void main(String[] args) throws Exception {
        FolderLock lock = FolderLock.acquire(Path.of(args[0]), "holder test");
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(600_000);
        lock.close();
    }
}
