package org.metalr.api.io;

import java.nio.file.Path;
import java.util.Optional;
import org.metalr.api.UserInputException;

/**
 * Another writer holds a folder ({@link FolderLock}): the message names the folder and its holder (process
 * id, host, since when, what it does), so the user can wait for it or choose another folder.
 */
public final class FolderInUseException extends UserInputException {

    private static final long serialVersionUID = 1L;

    private final transient Path dir;
    private final transient FolderLock.Holder holder;

    /** @param holder the holder as its lock file names it, or null when it could not be read */
    public FolderInUseException(Path dir, FolderLock.Holder holder) {
        super(dir + " is in use by another metalr process (" + (holder == null ? "holder unknown" : holder.toString())
                + "); wait for it to finish, stop it, or choose another folder");
        this.dir = dir;
        this.holder = holder;
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /** The holder, if its lock file could be read. */
    public Optional<FolderLock.Holder> holder() {
        return Optional.ofNullable(holder);
    }
}
