package org.metalr.models.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/** The checkpoint formats read here, told apart by content rather than by file name. */
public enum CheckpointFormat {

    /** {@code torch.save}'s zip format (PyTorch 1.6 and later). */
    TORCH_ZIP("torch.save zip archive"),
    /**
     * {@code torch.save}'s legacy format: a stream of pickles and raw storages (PyTorch before 1.6, or
     * later with {@code _use_new_zipfile_serialization=False}).
     */
    TORCH_LEGACY("legacy torch.save file"),
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
     * The format of {@code file}, from its first bytes. A legacy torch file is recognised by its start
     * (a pickle); whether it really holds torch.save's magic number is its reader's check.
     *
     * @throws CheckpointException if the file cannot be read, is empty, or is in none of the formats;
     *     torch.save's tar format (PyTorch before 0.1.10) gets its own message saying how to convert it
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
        if (n >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5) {
            // PROTO 2-5: torch.save pickles with protocol 2 unless told otherwise
            return TORCH_LEGACY;
        }
        if (startsWith(head, n, TEXT_MAGIC)) {
            // protocols 0 and 1 have no PROTO opcode and write the magic number as a text LONG
            return TORCH_LEGACY;
        }
        if (n >= 262 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            throw new CheckpointException(source, null, "is in torch.save's tar format (PyTorch before 0.1.10, 2017),"
                    + " which is not supported: load it in Python and save it again with a current torch.save, or as safetensors");
        }
        if (n >= 9 && head[8] == '{') {
            // the header's own checks (length, JSON) are the reader's, with precise messages
            return SAFETENSORS;
        }
        throw new CheckpointException(source, null,
                "unrecognised format: neither a torch.save file (zip or legacy) nor a safetensors file");
    }

    private static final byte[] TEXT_MAGIC = ("L" + LegacyTorchFile.MAGIC_NUMBER + "L\n").getBytes(StandardCharsets.US_ASCII);

    private static boolean startsWith(byte[] head, int n, byte[] prefix) {
        return n >= prefix.length && Arrays.equals(head, 0, prefix.length, prefix, 0, prefix.length);
    }
}
