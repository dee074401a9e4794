package org.metalr.models.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The checkpoint formats read here, told apart by content rather than by file name. */
public enum CheckpointFormat {

    /** {@code torch.save}'s zip format (PyTorch 1.6 and later). */
    TORCH_ZIP("torch.save zip archive"),
    /** Hugging Face's safetensors format. */
    SAFETENSORS("safetensors file");

    private final String description;

    CheckpointFormat(String description) {
        this.description = description;
    }

    /** A short human-readable name. */
    public String description() {
        return description;
    }

    /**
     * The format of {@code file}, from its first bytes.
     *
     * @throws CheckpointException if the file cannot be read, is empty, or is in neither format; the
     *     legacy (pre-1.6) torch format gets its own message saying how to convert it
     */
    public static CheckpointFormat detect(Path file) throws CheckpointException {
        String source = file.toString();
        byte[] head = new byte[512];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(source, null, "no such file", e);
        } catch (IOException e) {
            throw new CheckpointException(source, null, "cannot be read: " + e, e);
        }
        if (n == 0) {
            throw new CheckpointException(source, null, "is empty");
        }
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6)) {
            return TORCH_ZIP;
        }
        if ((head[0] & 0xff) == 0x80 && n > 1 && head[1] <= 5) {
            throw legacy(source, "a pickle stream");
        }
        if (n >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            throw legacy(source, "a tar archive");
        }
        if (n >= 9 && head[8] == '{') {
            // the header's own checks (length, JSON) are the reader's, with precise messages
            return SAFETENSORS;
        }
        throw new CheckpointException(source, null,
                "unrecognised format: neither a torch.save zip archive nor a safetensors file");
    }

    private static CheckpointException legacy(String source, String what) {
        return new CheckpointException(source, null, "is in the legacy torch.save format (" + what
                + ", written by PyTorch before 1.6 or with _use_new_zipfile_serialization=False), which is not"
                + " supported: load it in Python and save it again with a current torch.save, or as safetensors");
    }
}
