package org.metalr.models.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The zip container of a {@code torch.save} file (PyTorch 1.6 and later): {@code <top>/data.pkl},
 * {@code <top>/data/<key>} storages and small records ({@code version}, {@code byteorder}); the top
 * folder's name varies with the file name it was saved under. Storage ids are
 * {@code ('storage', type, key, location, numel)}. Storages are read on first use and cached, since
 * several tensors may view one storage.
 */
final class TorchArchive implements TorchContainer {

    private final String source;
    private final ZipFile zip;
    private final String prefix;
    private final Map<String, ByteBuffer> storages = new HashMap<>();

    private TorchArchive(String source, ZipFile zip, String prefix) {
        this.source = source;
        this.zip = zip;
        this.prefix = prefix;
    }

    /** Opens the archive and finds its top folder; throws if this is no torch.save zip. */
    static TorchArchive open(Path file) throws CheckpointException {
        String source = file.toString();
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (IOException e) {
            throw new CheckpointException(source, null,
                    "not a readable zip archive (truncated or corrupt?): " + e.getMessage(), e);
        }
        try {
            String prefix = null;
            boolean torchScript = false;
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                int slash = name.indexOf('/');
                String rest = slash < 0 ? name : name.substring(slash + 1);
                if (rest.equals("data.pkl") && prefix == null) {
                    prefix = name.substring(0, slash + 1);
                } else if (rest.equals("constants.pkl") || rest.startsWith("code/")) {
                    torchScript = true;
                }
            }
            if (prefix == null) {
                throw new CheckpointException(source, null, torchScript
                        ? "a TorchScript archive (torch.jit.save) is not a weights checkpoint:"
                                + " save model.state_dict() with torch.save instead"
                        : "a zip archive without data.pkl, so not written by torch.save");
            }
            TorchArchive archive = new TorchArchive(source, zip, prefix);
            archive.checkByteOrder();
            return archive;
        } catch (RuntimeException e) { // a CheckpointException among them
            closeQuietly(zip);
            throw e;
        }
    }

    private void checkByteOrder() throws CheckpointException {
        ZipEntry entry = zip.getEntry(prefix + "byteorder");
        if (entry != null) {
            String order = new String(read(entry, "byteorder"), StandardCharsets.US_ASCII).trim();
            if (!order.equals("little")) {
                throw new CheckpointException(source, null,
                        "byte order '" + order + "' is not supported (only little-endian checkpoints)");
            }
        }
    }

    @Override
    public String source() {
        return source;
    }

    /** Runs {@code data.pkl}, the pickle program describing the saved object. */
    @Override
    public Object unpickle(Unpickler.Resolver resolver) throws CheckpointException {
        byte[] pickle = read(zip.getEntry(prefix + "data.pkl"), "data.pkl");
        try {
            return Unpickler.load(pickle, resolver);
        } catch (PickleException e) {
            throw new CheckpointException(source, null, e.getMessage(), e);
        }
    }

    /** Storages only: {@code ('storage', type, key, location, numel)}. */
    @Override
    public Object persistentLoad(List<?> pid) throws PickleException {
        if (pid.size() != 5) {
            throw new PickleException("unsupported persistent id " + pid);
        }
        return StorageRef.fromPersistentId(this, pid);
    }

    /** The bytes of storage {@code key} ({@code data/<key>}), read once; {@code tensorKey} names the tensor in errors. */
    @Override
    public ByteBuffer storage(String key, String tensorKey) throws CheckpointException {
        ByteBuffer bytes = storages.get(key);
        if (bytes == null) {
            String name = "data/" + key;
            ZipEntry entry = zip.getEntry(prefix + name);
            if (entry == null) {
                throw new CheckpointException(source, tensorKey, "storage '" + key + "' is missing: no entry " + name);
            }
            bytes = ByteBuffer.wrap(read(entry, name));
            storages.put(key, bytes);
        }
        return bytes;
    }

    private byte[] read(ZipEntry entry, String name) throws CheckpointException {
        long size = entry.getSize();
        if (size > Integer.MAX_VALUE - 8) {
            throw new CheckpointException(source, null, name + " holds " + size + " bytes, more than one Java array can");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readAllBytes();
            if (size >= 0 && bytes.length != size) {
                throw new CheckpointException(source, null,
                        name + " is truncated: " + bytes.length + " of " + size + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new CheckpointException(source, null, "cannot read " + name + " (corrupt archive?): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(zip);
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // nothing was written; a failed close loses nothing
        }
    }
}
