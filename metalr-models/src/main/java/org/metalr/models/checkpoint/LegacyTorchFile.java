package org.metalr.models.checkpoint;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The legacy container of {@code torch.save}: what PyTorch before 1.6 wrote, and later versions with
 * {@code _use_new_zipfile_serialization=False}; most checkpoints published before 2020 are in it
 * (Models Genesis, C2L). Five pickles back to back, then the storages' raw bytes:
 *
 * <pre>
 *   pickle   magic number 0x1950a86a20f9469cfc6c
 *   pickle   protocol version 1001
 *   pickle   system info {'protocol_version': 1001, 'little_endian': bool, 'type_sizes': {...}}
 *   pickle   the saved object; a storage is the persistent id
 *            ('storage', type, key, location, numel, view_metadata), the class of a pickled
 *            nn.Module the persistent id ('module', class, source_file, source)
 *   pickle   the keys of the storages, a list of strings
 *   then, for each key in that order: the element count (8 bytes), the elements' bytes
 * </pre>
 *
 * <p>Byte order: PyTorch writes element bytes little-endian on every machine (its
 * {@code writeFileRaw} converts them on big-endian ones), so they are read little-endian whatever
 * the system info says. The element count before each storage is little-endian too, except in files
 * written on a big-endian machine by PyTorch releases before the fix of late 2019
 * (pytorch/pytorch#26383), which wrote it in the machine's order. So where the system info declares
 * {@code little_endian} false, a count is accepted in either byte order when it equals the count the
 * storage's persistent id declares; where it declares true, only little-endian.
 *
 * <p>Storage views ({@code view_metadata} not None, possible only in files of PyTorch before 1.0
 * that saved a slice of a storage itself) are refused. The file is read into memory whole (the zip
 * reader likewise keeps the storages it reads), so files beyond 2 GB are refused.
 */
final class LegacyTorchFile implements TorchContainer {

    static final BigInteger MAGIC_NUMBER = new BigInteger("1950a86a20f9469cfc6c", 16);
    static final long PROTOCOL_VERSION = 1001;

    /** The header pickles and the key list hold plain values only. */
    private static final Unpickler.Resolver PLAIN_VALUES = new Unpickler.Resolver() {
        @Override
        public Object global(String module, String name) throws PickleException {
            throw new PickleException("unexpected global '" + module + "." + name + "' (corrupt, or not a torch.save file?)");
        }

        @Override
        public Object persistentLoad(Object pid) throws PickleException {
            throw new PickleException("unexpected persistent id " + pid + " (corrupt?)");
        }
    };

    private final String source;
    private final byte[] data;
    private final boolean littleEndian;
    private final int objectStart;
    /** The storages the saved object declares, by key: one {@link StorageRef} each. */
    private final Map<String, StorageRef> declared = new LinkedHashMap<>();
    /** Each storage's bytes, once {@link #unpickle} has found where they lie. */
    private final Map<String, ByteBuffer> storages = new HashMap<>();

    private LegacyTorchFile(String source, byte[] data, boolean littleEndian, int objectStart) {
        this.source = source;
        this.data = data;
        this.littleEndian = littleEndian;
        this.objectStart = objectStart;
    }

    /** Reads {@code file} and checks its magic number, protocol version and system info. */
    static LegacyTorchFile open(Path file) throws CheckpointException {
        String source = file.toString();
        byte[] data;
        try {
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 8) {
                throw new CheckpointException(source, null, "holds " + size + " bytes: a legacy torch.save file larger"
                        + " than 2 GB is not read (save it again in the zip format, the default since PyTorch 1.6)");
            }
            data = Files.readAllBytes(file);
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException e) {
            throw new CheckpointException(source, null, "cannot be read: " + e, e);
        }
        Unpickler.Loaded magic = plain(source, data, 0, "magic number");
        if (!MAGIC_NUMBER.equals(magic.value())) {
            Object value = magic.value();
            String found = value instanceof BigInteger || value instanceof Long
                    ? "0x" + new BigInteger(value.toString()).toString(16) : StateDicts.kind(value);
            throw new CheckpointException(source, null, "wrong magic number: the first pickled value is "
                    + found + ", not torch.save's 0x" + MAGIC_NUMBER.toString(16)
                    + " (corrupt, or a pickle not written by torch.save)");
        }
        Unpickler.Loaded protocol = plain(source, data, magic.end(), "protocol version");
        if (!(protocol.value() instanceof Long version && version == PROTOCOL_VERSION)) {
            throw new CheckpointException(source, null, "legacy torch.save protocol version " + protocol.value()
                    + " is not supported (expected " + PROTOCOL_VERSION + "; corrupt?)");
        }
        Unpickler.Loaded sysInfo = plain(source, data, protocol.end(), "system info");
        if (!(sysInfo.value() instanceof Map<?, ?> info && info.get("little_endian") instanceof Boolean little)) {
            throw new CheckpointException(source, null, "the system info is " + StateDicts.kind(sysInfo.value())
                    + " without a boolean 'little_endian' (corrupt?)");
        }
        return new LegacyTorchFile(source, data, little, sysInfo.end());
    }

    @Override
    public String source() {
        return source;
    }

    /** Runs the saved object's pickle, then reads the key list and finds every storage's bytes. */
    @Override
    public Object unpickle(Unpickler.Resolver resolver) throws CheckpointException {
        Unpickler.Loaded object;
        try {
            object = Unpickler.loadNext(data, objectStart, "the file, in the saved object", resolver);
        } catch (PickleException e) {
            throw new CheckpointException(source, null, e.getMessage(), e);
        }
        Unpickler.Loaded keys = plain(source, data, object.end(), "storage key list");
        layOut(keys.value(), keys.end());
        return object.value();
    }

    /** Storages without view metadata, and the classes of pickled modules. */
    @Override
    public Object persistentLoad(List<?> pid) throws PickleException {
        if (pid.size() == 6 && "storage".equals(pid.get(0))) {
            if (pid.get(5) != null) {
                throw new PickleException("storage '" + pid.get(2) + "' is saved as a view of another storage"
                        + " (a storage slice, written by PyTorch before 1.0), which is not supported");
            }
            StorageRef storage = StorageRef.fromPersistentId(this, pid);
            StorageRef before = declared.putIfAbsent(storage.key(), storage);
            if (before == null) {
                return storage;
            }
            if (before.type() != storage.type() || before.numel() != storage.numel()) {
                throw new PickleException("storage '" + storage.key() + "' is declared both as " + before.numel() + " "
                        + before.type().storageName + " and as " + storage.numel() + " " + storage.type().storageName
                        + " elements (corrupt?)");
            }
            return before;
        }
        if (pid.size() == 4 && "module".equals(pid.get(0))) {
            // ('module', class, source file, source code): torch.load compares the source to warn of changes;
            // the class itself has passed the resolver's globals already
            return pid.get(1);
        }
        throw new PickleException("unsupported persistent id " + pid);
    }

    @Override
    public ByteBuffer storage(String key, String tensorKey) throws CheckpointException {
        ByteBuffer bytes = storages.get(key);
        if (bytes == null) {
            throw new CheckpointException(source, tensorKey, "storage '" + key + "' is missing from the file");
        }
        return bytes;
    }

    @Override
    public void close() {
        // the bytes are in memory; nothing to release
    }

    /**
     * Finds each storage's bytes after the key list, checking the list against the saved object's
     * declarations and each storage's recorded element count against its declared one.
     */
    private void layOut(Object keyList, int start) throws CheckpointException {
        if (!(keyList instanceof List<?> keys)) {
            throw new CheckpointException(source, null, "the storage key list is " + StateDicts.kind(keyList)
                    + ", not a list (corrupt?)");
        }
        Set<String> listed = new HashSet<>();
        for (Object k : keys) {
            if (!(k instanceof String || k instanceof Long)) {
                throw new CheckpointException(source, null, "the storage key list holds " + StateDicts.kind(k)
                        + ", not a key (corrupt?)");
            }
            String key = String.valueOf(k);
            if (!listed.add(key)) {
                throw new CheckpointException(source, null, "the storage key list names '" + key + "' twice (corrupt?)");
            }
            if (!declared.containsKey(key)) {
                throw new CheckpointException(source, null, "the storage key list names '" + key
                        + "', which the saved object does not use, so its size is unknown (corrupt?)");
            }
        }
        for (String key : declared.keySet()) {
            if (!listed.contains(key)) {
                throw new CheckpointException(source, null, "storage '" + key
                        + "' is used by the saved object but missing from the storage key list (corrupt?)");
            }
        }
        long at = start;
        for (Object k : keys) {
            StorageRef storage = declared.get(String.valueOf(k));
            at = locate(storage, at);
        }
    }

    /** Checks the storage's element count at {@code at} and records its bytes; returns where the next begins. */
    private long locate(StorageRef storage, long at) throws CheckpointException {
        String what = "storage '" + storage.key() + "' (" + storage.numel() + " " + storage.type().storageName + " elements)";
        if (at + 8 > data.length) {
            throw new CheckpointException(source, null, "truncated: the file ends at byte " + data.length
                    + ", inside the element count of " + what + " at byte " + at);
        }
        long recorded = ByteBuffer.wrap(data, (int) at, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        boolean agrees = recorded == storage.numel() || (!littleEndian && Long.reverseBytes(recorded) == storage.numel());
        if (!agrees) {
            throw new CheckpointException(source, null, what + ": the file records " + recorded + " elements"
                    + (littleEndian ? "" : " (" + Long.reverseBytes(recorded) + " read big-endian)")
                    + " at byte " + at + " (corrupt?)");
        }
        long begin = at + 8;
        long length;
        try {
            length = Math.multiplyExact(storage.numel(), storage.type().size);
        } catch (ArithmeticException e) {
            length = Long.MAX_VALUE;
        }
        if (length > data.length - begin) {
            throw new CheckpointException(source, null, "truncated: " + what + " needs " + length + " bytes from byte "
                    + begin + ", but the file ends at byte " + data.length);
        }
        storages.put(storage.key(), ByteBuffer.wrap(data, (int) begin, (int) length).slice());
        return begin + length;
    }

    /** One of the pickles of plain values (header, key list), named {@code part} in errors. */
    private static Unpickler.Loaded plain(String source, byte[] data, int from, String part) throws CheckpointException {
        try {
            return Unpickler.loadNext(data, from, "the file, in the " + part, PLAIN_VALUES);
        } catch (PickleException e) {
            throw new CheckpointException(source, null, e.getMessage(), e);
        }
    }
}
