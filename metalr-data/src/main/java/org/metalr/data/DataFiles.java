package org.metalr.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Whole data files read into memory, with errors that name the file. */
public final class DataFiles {

    private DataFiles() {
    }

    /**
     * The file's bytes.
     *
     * @throws BadInputException "file not found", or "cannot read file (...)" with the I/O error
     */
    public static byte[] readAllBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file, "file not found", e);
        } catch (IOException e) {
            throw new BadInputException(file, "cannot read file (" + e + ")", e);
        }
    }
}
